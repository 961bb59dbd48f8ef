// The benchmark's second yardstick: the minimal ncurses program with Foundation (which GRDB, Yams
// and ArgumentParser import), linked statically as barnkoll is (Package.swift): the floor for a
// program built like ours, so what barnkoll takes beyond it is its own work.
import CNcursesw
import Foundation

setlocale(LC_ALL, "")
if initscr() != nil, let window = bk_stdscr() {
    wmove(window, 0, 0)
    waddstr(window, ProcessInfo.processInfo.processName.isEmpty ? "" : "barnkoll")
    wrefresh(window)
    endwin()
}
