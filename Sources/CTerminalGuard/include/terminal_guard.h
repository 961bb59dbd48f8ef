#ifndef BARNKOLL_TERMINAL_GUARD_H
#define BARNKOLL_TERMINAL_GUARD_H

/// Saves the terminal settings and installs handlers for crashes (SIGILL, SIGTRAP, SIGABRT,
/// SIGSEGV, SIGBUS, SIGFPE) that restore them and leave the alternate screen, then re-raise so
/// the usual backtrace still prints. Call at the start of main, before curses starts.
void bk_guard_install(void);

/// Installs handlers for SIGTERM, SIGHUP and SIGINT that only record the signal, so the main
/// loop can save and exit in order. Call before curses starts.
void bk_watch_termination(void);

/// The termination signal received so far, or 0.
int bk_termination_signal(void);

/// Display width of one Unicode scalar as the terminal will place it (glibc wcwidth).
int bk_wcwidth(unsigned int scalar);

#endif
