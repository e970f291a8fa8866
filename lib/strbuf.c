/*
 * strbuf.c - locale-independent number text: a bounded string builder that
 * counts what it could not write (snprintf semantics without the locale),
 * and a decimal parser. printf("%g") and strtod() follow LC_NUMERIC, so a
 * host program that calls setlocale() could turn "0.9" into "0,9"
 * (openresty/lua-cjson fpconv.c keeps its own for the same reason).
 */
#include "vram_private.h"

#include <math.h>
#include <string.h>

void vram__buf_put(vram__buf *b, const char *s, size_t n)
{
    if (b->len < b->cap) {
        size_t room = b->cap - b->len;
        memcpy(b->p + b->len, s, n < room ? n : room);
    }
    b->len += n;
}

void vram__buf_puts(vram__buf *b, const char *s)
{
    vram__buf_put(b, s, strlen(s));
}

void vram__buf_u64(vram__buf *b, uint64_t v)
{
    char tmp[24];
    size_t i = sizeof tmp;
    do {
        tmp[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v);
    vram__buf_put(b, tmp + i, sizeof tmp - i);
}

void vram__buf_fixed(vram__buf *b, double v, int decimals)
{
    if (isnan(v) || isinf(v)) {
        vram__buf_puts(b, "null"); /* JSON has no NaN; callers never pass one */
        return;
    }
    if (v < 0) {
        vram__buf_put(b, "-", 1);
        v = -v;
    }
    uint64_t scale = 1;
    for (int i = 0; i < decimals; i++)
        scale *= 10;
    if (v * (double)scale >= 1.8e19) { /* too large for fixed point: integer digits only */
        vram__buf_u64(b, UINT64_MAX);
        return;
    }
    uint64_t n = (uint64_t)llround(v * (double)scale);
    vram__buf_u64(b, n / scale);
    uint64_t frac = n % scale;
    if (decimals > 0 && frac) {
        char tmp[24];
        int k = decimals;
        while (frac % 10 == 0) { /* trim trailing zeros */
            frac /= 10;
            k--;
        }
        tmp[0] = '.';
        for (int i = k; i >= 1; i--) {
            tmp[i] = (char)('0' + frac % 10);
            frac /= 10;
        }
        vram__buf_put(b, tmp, (size_t)k + 1);
    }
}

/* Length of the well-formed UTF-8 sequence at s (NUL-terminated; Unicode
 * table 3-7: no overlong forms, surrogates or values above U+10FFFF), or 0.
 * Each byte is read only after the one before it proved not to be the NUL. */
static size_t utf8_len(const unsigned char *s)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c == 0xE0)
        len = 3, lo = 0xA0;
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        len = 3;
    else if (c == 0xED)
        len = 3, hi = 0x9F;
    else if (c == 0xF0)
        len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3)
        len = 4;
    else if (c == 0xF4)
        len = 4, hi = 0x8F;
    else
        return 0;
    if (s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

/* A JSON string literal. JSON text is UTF-8 (RFC 8259 section 8.1): a byte
 * that does not start a well-formed sequence (a name or message cut inside a
 * character, bytes from a binary file) is written as the escape of U+FFFD. */
void vram__buf_json_str(vram__buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    vram__buf_put(b, "\"", 1);
    for (; *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\') {
            char e[2] = {'\\', (char)c};
            vram__buf_put(b, e, 2);
        } else if (c == '\n') {
            vram__buf_put(b, "\\n", 2);
        } else if (c == '\t') {
            vram__buf_put(b, "\\t", 2);
        } else if (c == '\r') {
            vram__buf_put(b, "\\r", 2);
        } else if (c < 0x20) {
            char e[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            vram__buf_put(b, e, 6);
        } else if (c < 0x80) {
            vram__buf_put(b, (const char *)&c, 1);
        } else {
            size_t k = utf8_len((const unsigned char *)s);
            if (k) {
                vram__buf_put(b, s, k);
                s += k - 1;
            } else {
                vram__buf_put(b, "\\ufffd", 6);
            }
        }
    }
    vram__buf_put(b, "\"", 1);
}

vram_status vram__buf_finish(vram__buf *b, size_t *needed)
{
    if (needed)
        *needed = b->len + 1;
    if (b->len < b->cap) {
        b->p[b->len] = '\0';
        return VRAM_OK;
    }
    if (b->cap > 0)
        b->p[b->cap - 1] = '\0';
    return VRAM_E_BUFFER_TOO_SMALL;
}

/* Exact powers of ten representable as doubles (Clinger's fast path). */
static const double pow10_exact[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                     1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
                                     1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

size_t vram__parse_num(const char *s, size_t n, vram__num *out)
{
    size_t i = 0;
    bool neg = false, any = false, mag_ovf = false;
    uint64_t mant = 0, mag = 0;
    int dropped = 0, exp10 = 0;
    int sig = 0;
    bool is_integer = true;
    if (i < n && (s[i] == '-' || s[i] == '+'))
        neg = s[i++] == '-';
    for (; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
        /* the exact integer, for callers that need more than a double's 53 bits */
        mag_ovf |= __builtin_mul_overflow(mag, 10, &mag);
        mag_ovf |= __builtin_add_overflow(mag, (uint64_t)(s[i] - '0'), &mag);
        if (sig < 19) {
            mant = mant * 10 + (uint64_t)(s[i] - '0');
            if (mant)
                sig++;
        } else {
            dropped++;
        }
    }
    if (i < n && s[i] == '.') {
        is_integer = false;
        for (i++; i < n && s[i] >= '0' && s[i] <= '9'; i++, any = true) {
            if (sig < 19) {
                mant = mant * 10 + (uint64_t)(s[i] - '0');
                if (mant)
                    sig++;
                exp10--;
            }
        }
    }
    if (!any)
        return 0;
    if (i < n && (s[i] == 'e' || s[i] == 'E')) {
        size_t j = i + 1;
        int esign = 1, e = 0;
        bool edig = false;
        is_integer = false;
        if (j < n && (s[j] == '-' || s[j] == '+'))
            esign = s[j++] == '-' ? -1 : 1;
        for (; j < n && s[j] >= '0' && s[j] <= '9'; j++, edig = true)
            if (e < 100000)
                e = e * 10 + (s[j] - '0');
        if (!edig)
            return 0;
        exp10 += esign * e;
        i = j;
    }
    exp10 += dropped;
    double v;
    if (mant == 0)
        v = 0.0;
    else if (mant < (UINT64_C(1) << 53) && exp10 >= -22 && exp10 <= 22)
        v = exp10 >= 0 ? (double)mant * pow10_exact[exp10] : (double)mant / pow10_exact[-exp10];
    else if (exp10 > 400)
        v = INFINITY;
    else if (exp10 < -400)
        v = 0.0;
    else
        v = (double)((long double)mant * powl(10.0L, (long double)exp10));
    out->value = neg ? -v : v;
    out->negative = neg;
    out->is_integer = is_integer;
    out->int_exact = is_integer && !mag_ovf;
    out->magnitude = out->int_exact ? mag : 0;
    return i;
}

size_t vram__parse_number(const char *s, size_t n, double *out, bool *is_integer)
{
    vram__num num;
    size_t used = vram__parse_num(s, n, &num);
    *is_integer = true;
    if (used == 0)
        return 0;
    *out = num.value;
    *is_integer = num.is_integer;
    return used;
}
