// The only door to ncursesw. The wide-character API imports only with NCURSES_WIDECHAR set
// before the header; the macros Swift cannot import are wrapped as functions here.
#ifndef BARNKOLL_CNCURSESW_SHIM_H
#define BARNKOLL_CNCURSESW_SHIM_H

#define NCURSES_WIDECHAR 1
#include <ncursesw/curses.h>
#include <locale.h>
#include <langinfo.h>
#include <wchar.h>

// glibc hides wcwidth behind __USE_XOPEN.
extern int wcwidth(wchar_t c);

// The screen's own window: ncurses resizes it on KEY_RESIZE.
static inline WINDOW *bk_stdscr(void) { return stdscr; }
static inline int bk_getmaxy(WINDOW *w) { return getmaxy(w); }
static inline int bk_getmaxx(WINDOW *w) { return getmaxx(w); }
static inline int bk_attr_bold(void) { return (int)A_BOLD; }
static inline int bk_attr_reverse(void) { return (int)A_REVERSE; }
static inline int bk_attr_underline(void) { return (int)A_UNDERLINE; }
static inline int bk_attr_dim(void) { return (int)A_DIM; }
static inline int bk_key_f(int n) { return KEY_F(n); }

#endif
