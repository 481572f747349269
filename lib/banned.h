/* Functions we do not use: unbounded copies and hidden state.
 * Included last by every lib/ and cmd/ source (git's banned.h). */
#ifndef KAM_BANNED_H
#define KAM_BANNED_H

#define BANNED(func) sorry_##func##_is_banned_use_kam_buf

#undef strcpy
#define strcpy(x, y) BANNED(strcpy)
#undef strcat
#define strcat(x, y) BANNED(strcat)
#undef sprintf
#define sprintf(...) BANNED(sprintf)
#undef vsprintf
#define vsprintf(...) BANNED(vsprintf)
#undef strtok
#define strtok(x, y) BANNED(strtok)
#undef gets
#define gets(x) BANNED(gets)

#endif
