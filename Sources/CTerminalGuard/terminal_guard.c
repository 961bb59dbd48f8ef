#define _XOPEN_SOURCE 700
#include "terminal_guard.h"

#include <locale.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include <wchar.h>

static struct termios saved_termios;
static int have_termios = 0;
static volatile sig_atomic_t termination = 0;

static const int crash_signals[] = { SIGILL, SIGTRAP, SIGABRT, SIGSEGV, SIGBUS, SIGFPE };
#define CRASH_SIGNAL_COUNT (sizeof(crash_signals) / sizeof(crash_signals[0]))
static struct sigaction previous[CRASH_SIGNAL_COUNT];

static void restore_terminal_on_crash(int sig) {
    // Only async-signal-safe calls: tcsetattr and write.
    if (have_termios) tcsetattr(STDIN_FILENO, TCSANOW, &saved_termios);
    static const char reset[] = "\033[?2004l\033[0m\033[?25h\033[?1049l\r\n";
    ssize_t ignored = write(STDOUT_FILENO, reset, sizeof(reset) - 1);
    (void)ignored;
    for (unsigned i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        if (crash_signals[i] == sig) sigaction(sig, &previous[i], NULL);
    }
    raise(sig);
}

void bk_guard_install(void) {
    if (isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &saved_termios) == 0) have_termios = 1;
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = restore_terminal_on_crash;
    sigemptyset(&action.sa_mask);
    action.sa_flags = SA_RESETHAND;
    for (unsigned i = 0; i < CRASH_SIGNAL_COUNT; i++) {
        sigaction(crash_signals[i], &action, &previous[i]);
    }
}

static void record_termination(int sig) {
    termination = sig;
}

void bk_watch_termination(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_handler = record_termination;
    sigemptyset(&action.sa_mask);
    sigaction(SIGTERM, &action, NULL);
    sigaction(SIGHUP, &action, NULL);
    sigaction(SIGINT, &action, NULL);
    // A parent can hand us these blocked (measured under a test harness and tmux: SigBlk had HUP,
    // INT, TERM and WINCH set), which leaves them pending forever and resizes unseen. Take them on
    // this, the main, thread. SIGWINCH keeps ncurses' own handler: we only unblock it.
    sigset_t set;
    sigemptyset(&set);
    sigaddset(&set, SIGTERM);
    sigaddset(&set, SIGHUP);
    sigaddset(&set, SIGINT);
    sigaddset(&set, SIGWINCH);
    pthread_sigmask(SIG_UNBLOCK, &set, NULL);
}

int bk_termination_signal(void) {
    return (int)termination;
}

static locale_t utf8_locale = (locale_t)0;
static pthread_once_t utf8_once = PTHREAD_ONCE_INIT;

static void make_utf8_locale(void) {
    utf8_locale = newlocale(LC_CTYPE_MASK, "C.UTF-8", (locale_t)0);
}

int bk_wcwidth(unsigned int scalar) {
    // Widths come from a UTF-8 locale whatever the process's own locale is, so layout in tests
    // and before curses starts matches what ncurses draws.
    pthread_once(&utf8_once, make_utf8_locale);
    if (utf8_locale == (locale_t)0) return wcwidth((wchar_t)scalar);
    locale_t previous = uselocale(utf8_locale);
    int width = wcwidth((wchar_t)scalar);
    uselocale(previous);
    return width;
}
