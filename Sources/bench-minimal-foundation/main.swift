// The benchmark's second yardstick: the minimal ncurses program, loading Foundation as every
// program built on GRDB, Yams or ArgumentParser must. It shows what that alone costs at start.
import CNcursesw
import Foundation

setlocale(LC_ALL, "")
if initscr() != nil, let window = bk_stdscr() {
    wmove(window, 0, 0)
    waddstr(window, ProcessInfo.processInfo.processName.isEmpty ? "" : "barnkoll")
    wrefresh(window)
    endwin()
}
