// The benchmark's yardstick: the least a Swift ncurses program does to show one line and leave.
import CNcursesw
import Glibc

setlocale(LC_ALL, "")
if initscr() != nil, let window = bk_stdscr() {
    wmove(window, 0, 0)
    waddstr(window, "barnkoll")
    wrefresh(window)
    endwin()
}
