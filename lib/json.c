/*
 * json.c - the strict, bounded JSON reader of json.h.
 *
 * Grammar: RFC 8259 (ECMA-404). UTF-8 well-formedness: Unicode 15, table 3-7
 * ("Well-Formed UTF-8 Byte Sequences"), which excludes overlong forms,
 * surrogates (ED A0..BF) and anything above U+10FFFF. The parser is a loop
 * over an explicit stack of open containers: a document nested a million
 * levels deep costs one error, not a stack overflow.
 */
#include "json.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct vram__jdoc {
    vram__jval *v;            /* values; v[0] is the root */
    uint32_t n, cap;
    char *s;                  /* decoded strings and keys, each NUL-terminated */
    size_t slen, scap;
    const char *text;         /* the source, for quoting numbers in messages */
    size_t len;
    char what[64];
};

typedef struct frame {
    uint32_t idx;             /* the open container */
    uint32_t last;            /* its last child so far (0 = none) */
    uint32_t key, key_len;    /* objects: the pending member's key */
    uint32_t key_at;          /* objects: byte offset of that key */
} frame;

typedef struct parser {
    vram__jdoc *d;
    const unsigned char *p;
    size_t len, pos;
    uint32_t *scratch;        /* hash table for duplicate keys */
    size_t scratch_cap;
} parser;

/* ------------------------------------------------------------------ errors */

/* Printable excerpt of n bytes of s for a message: at most 40 bytes, control
 * characters and quotes replaced, "..." when cut. */
static void excerpt(const char *s, size_t n, char *buf, size_t cap)
{
    size_t o = 0, i;
    for (i = 0; i < n && i < 40 && o + 1 < cap; i++) {
        unsigned char c = (unsigned char)s[i];
        buf[o++] = (c < 0x20 || c == 0x7f || c == '"') ? '?' : (char)c;
    }
    if (i < n && o + 4 < cap) {
        memcpy(buf + o, "...", 3);
        o += 3;
    }
    buf[o < cap ? o : cap - 1] = '\0';
}

static vram_status perr(const parser *ps, size_t at, vram_status st, const char *fmt, ...)
    VRAM__PRINTF(4, 5);
static vram_status perr(const parser *ps, size_t at, vram_status st, const char *fmt, ...)
{
    char msg[160];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return vram__fail(st, "%s: byte %zu: %s", ps->d->what, at, msg);
}

/* What stands at ps->pos, for "expected X, got Y" messages. */
static void describe_here(const parser *ps, char *buf, size_t cap)
{
    if (ps->pos >= ps->len) {
        snprintf(buf, cap, "the end of the document");
        return;
    }
    unsigned char c = ps->p[ps->pos];
    if (c >= 0x21 && c < 0x7f)
        snprintf(buf, cap, "'%c'", c);
    else
        snprintf(buf, cap, "byte 0x%02x", c);
}

/* ------------------------------------------------------------------ memory */

static vram_status new_val(parser *ps, uint8_t type, size_t off, uint32_t *out)
{
    vram__jdoc *d = ps->d;
    if (d->n >= VRAM__JSON_MAX_VALUES)
        return perr(ps, off, VRAM_E_LIMIT, "more than %lu values in one document",
                    (unsigned long)VRAM__JSON_MAX_VALUES);
    if (d->n == d->cap) {
        uint32_t cap = d->cap ? d->cap * 2 : 64;
        if (cap > VRAM__JSON_MAX_VALUES)
            cap = VRAM__JSON_MAX_VALUES;
        vram__jval *nv = realloc(d->v, (size_t)cap * sizeof *nv);
        if (!nv)
            return vram__fail(VRAM_E_NOMEM, "%s: out of memory for %lu values", d->what,
                              (unsigned long)cap);
        d->v = nv;
        d->cap = cap;
    }
    vram__jval *v = &d->v[d->n];
    memset(v, 0, sizeof *v);
    v->type = type;
    v->off = (uint32_t)off;
    *out = d->n++;
    return VRAM_OK;
}

static vram_status str_reserve(parser *ps, size_t extra)
{
    vram__jdoc *d = ps->d;
    if (d->slen + extra <= d->scap)
        return VRAM_OK;
    size_t cap = d->scap ? d->scap : 256;
    while (cap < d->slen + extra)
        cap *= 2;
    char *ns = realloc(d->s, cap);
    if (!ns)
        return vram__fail(VRAM_E_NOMEM, "%s: out of memory for %zu bytes of strings", d->what,
                          cap);
    d->s = ns;
    d->scap = cap;
    return VRAM_OK;
}

static vram_status str_put(parser *ps, const void *src, size_t n)
{
    vram_status st = str_reserve(ps, n);
    if (st != VRAM_OK)
        return st;
    memcpy(ps->d->s + ps->d->slen, src, n);
    ps->d->slen += n;
    return VRAM_OK;
}

/* ------------------------------------------------------------------- lexing */

static void skip_ws(parser *ps)
{
    while (ps->pos < ps->len) {
        unsigned char c = ps->p[ps->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r')
            break;
        ps->pos++;
    }
}

/* Length of the well-formed UTF-8 sequence at s (n bytes available), or 0. */
static size_t utf8_seq(const unsigned char *s, size_t n)
{
    unsigned c = s[0], lo = 0x80, hi = 0xBF;
    size_t len;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c == 0xE0)
        len = 3, lo = 0xA0;            /* no overlong 3-byte forms */
    else if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF)
        len = 3;
    else if (c == 0xED)
        len = 3, hi = 0x9F;            /* no UTF-16 surrogates */
    else if (c == 0xF0)
        len = 4, lo = 0x90;            /* no overlong 4-byte forms */
    else if (c >= 0xF1 && c <= 0xF3)
        len = 4;
    else if (c == 0xF4)
        len = 4, hi = 0x8F;            /* nothing above U+10FFFF */
    else
        return 0;                      /* 80..C1 and F5..FF never start a character */
    if (n < len || s[1] < lo || s[1] > hi)
        return 0;
    for (size_t k = 2; k < len; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 0;
    return len;
}

static int hexval(unsigned char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Four hex digits at p[i..i+4); -1 when missing or malformed. */
static long hex4(const parser *ps, size_t i)
{
    if (i > ps->len || ps->len - i < 4)
        return -1;
    long v = 0;
    for (size_t k = 0; k < 4; k++) {
        int h = hexval(ps->p[i + k]);
        if (h < 0)
            return -1;
        v = v * 16 + h;
    }
    return v;
}

static vram_status put_utf8(parser *ps, unsigned long cp)
{
    unsigned char b[4];
    size_t n;
    if (cp < 0x80) {
        b[0] = (unsigned char)cp;
        n = 1;
    } else if (cp < 0x800) {
        b[0] = (unsigned char)(0xC0 | (cp >> 6));
        b[1] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = (unsigned char)(0xE0 | (cp >> 12));
        b[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = (unsigned char)(0xF0 | (cp >> 18));
        b[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        b[3] = (unsigned char)(0x80 | (cp & 0x3F));
        n = 4;
    }
    return str_put(ps, b, n);
}

/* A string at ps->pos (the opening quote): decoded into the string store,
 * NUL-terminated. *off and *n give its place and length. */
/* Nonzero when one of the 8 bytes of x needs a closer look: a control
 * character (< 0x20), a byte >= 0x80, '"' or a backslash. The classic SWAR
 * byte tests: a borrow can only add false positives above a true one, so
 * zero means none, in either byte order. */
static inline uint64_t swar_special(uint64_t x)
{
    const uint64_t ones = UINT64_C(0x0101010101010101), high = UINT64_C(0x8080808080808080);
    uint64_t q = x ^ (ones * '"'), b = x ^ (ones * '\\');
    return (((x - ones * 0x20) & ~x) | ((q - ones) & ~q) | ((b - ones) & ~b) | x) & high;
}

static vram_status parse_string(parser *ps, uint32_t *off, uint32_t *n)
{
    const unsigned char *p = ps->p;
    size_t start = ps->pos, i = start + 1, len = ps->len;
    size_t s0 = ps->d->slen;
    vram_status st;
    for (;;) {
        size_t j = i;
        for (uint64_t x; j + 8 <= len; j += 8) { /* eight plain bytes at a time */
            memcpy(&x, p + j, 8);
            if (swar_special(x))
                break;
        }
        while (j < len && p[j] >= 0x20 && p[j] < 0x80 && p[j] != '"' && p[j] != '\\')
            j++;
        if (j > i && (st = str_put(ps, p + i, j - i)) != VRAM_OK)
            return st;
        i = j;
        if (i >= len)
            return perr(ps, start, VRAM_E_PARSE, "unterminated string");
        unsigned char c = p[i];
        if (c == '"') {
            i++;
            break;
        }
        if (c < 0x20)
            return perr(ps, i, VRAM_E_PARSE,
                        "control character 0x%02x in a string must be escaped", c);
        if (c >= 0x80) {
            size_t k = utf8_seq(p + i, len - i);
            if (k == 0)
                return perr(ps, i, VRAM_E_PARSE, "invalid UTF-8 sequence starting with byte 0x%02x",
                            c);
            if ((st = str_put(ps, p + i, k)) != VRAM_OK)
                return st;
            i += k;
            continue;
        }
        /* a backslash */
        if (i + 1 >= len)
            return perr(ps, start, VRAM_E_PARSE, "unterminated string");
        unsigned char e = p[i + 1];
        char out;
        switch (e) {
        case '"': out = '"'; break;
        case '\\': out = '\\'; break;
        case '/': out = '/'; break;
        case 'b': out = '\b'; break;
        case 'f': out = '\f'; break;
        case 'n': out = '\n'; break;
        case 'r': out = '\r'; break;
        case 't': out = '\t'; break;
        case 'u': {
            long cp = hex4(ps, i + 2);
            if (cp < 0)
                return perr(ps, i, VRAM_E_PARSE, "\\u must be followed by four hex digits");
            size_t used = 6;
            if (cp >= 0xDC00 && cp <= 0xDFFF)
                return perr(ps, i, VRAM_E_PARSE, "unpaired low surrogate \\u%04lX", cp);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                long lo = (i + 7 < len && p[i + 6] == '\\' && p[i + 7] == 'u') ? hex4(ps, i + 8)
                                                                              : -1;
                if (lo < 0xDC00 || lo > 0xDFFF)
                    return perr(ps, i, VRAM_E_PARSE,
                                "high surrogate \\u%04lX is not followed by a low surrogate", cp);
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
                used = 12;
            }
            if ((st = put_utf8(ps, (unsigned long)cp)) != VRAM_OK)
                return st;
            i += used;
            continue;
        }
        default:
            if (e >= 0x21 && e < 0x7f)
                return perr(ps, i, VRAM_E_PARSE, "invalid escape \\%c", e);
            return perr(ps, i, VRAM_E_PARSE, "invalid escape: byte 0x%02x after a backslash", e);
        }
        if ((st = str_put(ps, &out, 1)) != VRAM_OK)
            return st;
        i += 2;
    }
    if ((st = str_put(ps, "", 1)) != VRAM_OK)
        return st;
    *off = (uint32_t)s0;
    *n = (uint32_t)(ps->d->slen - s0 - 1);
    ps->pos = i;
    return VRAM_OK;
}

static bool is_digit(unsigned char c)
{
    return c >= '0' && c <= '9';
}

/* A number at ps->pos: the JSON grammar is checked here, the value comes
 * from the library's one number parser (vram__parse_num). */
static vram_status parse_number(parser *ps, vram__jval *v)
{
    const unsigned char *p = ps->p;
    size_t start = ps->pos, i = start, len = ps->len;
    if (p[i] == '-')
        i++;
    if (i >= len || !is_digit(p[i])) {
        if (i < len && p[i] == 'I')
            return perr(ps, start, VRAM_E_PARSE, "-Infinity is not a JSON number");
        return perr(ps, start, VRAM_E_PARSE, "invalid number: '-' without digits");
    }
    if (p[i] == '0') {
        i++;
        if (i < len && is_digit(p[i]))
            return perr(ps, start, VRAM_E_PARSE, "invalid number: leading zero");
    } else {
        while (i < len && is_digit(p[i]))
            i++;
    }
    if (i < len && p[i] == '.') {
        i++;
        if (i >= len || !is_digit(p[i]))
            return perr(ps, start, VRAM_E_PARSE, "invalid number: no digit after '.'");
        while (i < len && is_digit(p[i]))
            i++;
    }
    if (i < len && (p[i] == 'e' || p[i] == 'E')) {
        i++;
        if (i < len && (p[i] == '+' || p[i] == '-'))
            i++;
        if (i >= len || !is_digit(p[i]))
            return perr(ps, start, VRAM_E_PARSE, "invalid number: no digit in the exponent");
        while (i < len && is_digit(p[i]))
            i++;
    }
    size_t span = i - start;
    vram__num num;
    if (span >= UINT32_MAX || vram__parse_num((const char *)p + start, span, &num) != span)
        return perr(ps, start, VRAM_E_PARSE, "invalid number");
    if (!isfinite(num.value)) {
        char ex[48];
        excerpt((const char *)p + start, span, ex, sizeof ex);
        return perr(ps, start, VRAM_E_PARSE, "number %s is out of range", ex);
    }
    v->count = (uint32_t)span;
    if (num.is_integer) {
        v->nflags = VRAM__JN_INT;
        if (num.int_exact && (!num.negative || num.magnitude == 0)) {
            v->nflags |= VRAM__JN_U64;
            v->v.u = num.magnitude;
            return (ps->pos = i, VRAM_OK);
        }
        if (num.int_exact && num.magnitude <= (UINT64_C(1) << 63)) {
            v->nflags |= VRAM__JN_I64;
            v->v.i = num.magnitude == (UINT64_C(1) << 63) ? INT64_MIN : -(int64_t)num.magnitude;
            return (ps->pos = i, VRAM_OK);
        }
    }
    v->v.d = num.value;
    ps->pos = i;
    return VRAM_OK;
}

static bool at_word(const parser *ps, const char *w)
{
    size_t n = strlen(w);
    return ps->len - ps->pos >= n && memcmp(ps->p + ps->pos, w, n) == 0;
}

/* --------------------------------------------------------- duplicate keys */

static uint64_t fnv1a(const char *s, size_t n)
{
    uint64_t h = UINT64_C(14695981039346656037);
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= UINT64_C(1099511628211);
    }
    return h;
}

static bool same_key(const vram__jdoc *d, const vram__jval *a, const vram__jval *b)
{
    return a->key_len == b->key_len && memcmp(d->s + a->key, d->s + b->key, a->key_len) == 0;
}

static vram_status dup_error(parser *ps, const vram__jval *m)
{
    char ex[48];
    excerpt(ps->d->s + m->key, m->key_len, ex, sizeof ex);
    return perr(ps, m->off, VRAM_E_PARSE, "duplicate key \"%s\"", ex);
}

/* Every key of the object at index obj appears once (small objects pairwise,
 * larger ones through an open-addressing hash table: linear in size). */
static vram_status check_duplicates(parser *ps, uint32_t obj)
{
    vram__jdoc *d = ps->d;
    uint32_t n = d->v[obj].count;
    if (n < 2)
        return VRAM_OK;
    if (n <= 16) {
        for (uint32_t j = d->v[obj].first; j; j = d->v[j].next)
            for (uint32_t i = d->v[obj].first; i != j; i = d->v[i].next)
                if (same_key(d, &d->v[i], &d->v[j]))
                    return dup_error(ps, &d->v[j]);
        return VRAM_OK;
    }
    size_t size = 64;
    while (size < 2 * (size_t)n)
        size *= 2;
    if (size > ps->scratch_cap) {
        uint32_t *t = realloc(ps->scratch, size * sizeof *t);
        if (!t)
            return vram__fail(VRAM_E_NOMEM, "%s: out of memory checking %u keys", d->what, n);
        ps->scratch = t;
        ps->scratch_cap = size;
    }
    memset(ps->scratch, 0, size * sizeof *ps->scratch);
    for (uint32_t j = d->v[obj].first; j; j = d->v[j].next) {
        const vram__jval *m = &d->v[j];
        size_t h = (size_t)fnv1a(d->s + m->key, m->key_len) & (size - 1);
        while (ps->scratch[h]) {
            if (same_key(d, &d->v[ps->scratch[h]], m))
                return dup_error(ps, m);
            h = (h + 1) & (size - 1);
        }
        ps->scratch[h] = j;
    }
    return VRAM_OK;
}

/* ------------------------------------------------------------------ parser */

/* Link value idx under the open container (or make it the root). */
static void attach(parser *ps, frame *stack, unsigned depth, uint32_t idx)
{
    vram__jdoc *d = ps->d;
    vram__jval *v = &d->v[idx];
    if (depth == 0) {
        v->parent = idx;
        return;
    }
    frame *f = &stack[depth - 1];
    vram__jval *c = &d->v[f->idx];
    v->parent = f->idx;
    if (c->type == VRAM__J_OBJECT) {
        v->key = f->key;
        v->key_len = f->key_len;
        v->off = f->key_at;
    }
    if (f->last)
        d->v[f->last].next = idx;
    else
        c->first = idx;
    f->last = idx;
    c->count++;
}

/* A member key and its colon; first = just after '{'. */
static vram_status parse_key(parser *ps, frame *f, bool first)
{
    skip_ws(ps);
    if (ps->pos >= ps->len || ps->p[ps->pos] != '"') {
        char got[32];
        describe_here(ps, got, sizeof got);
        return perr(ps, ps->pos, VRAM_E_PARSE, first ? "expected a string key or '}', got %s"
                                                     : "expected a string key, got %s", got);
    }
    f->key_at = (uint32_t)ps->pos;
    vram_status st = parse_string(ps, &f->key, &f->key_len);
    if (st != VRAM_OK)
        return st;
    skip_ws(ps);
    if (ps->pos >= ps->len || ps->p[ps->pos] != ':') {
        char got[32];
        describe_here(ps, got, sizeof got);
        return perr(ps, ps->pos, VRAM_E_PARSE, "expected ':' after a key, got %s", got);
    }
    ps->pos++;
    return VRAM_OK;
}

static vram_status parse_doc(parser *ps)
{
    frame stack[VRAM__JSON_MAX_DEPTH];
    unsigned depth = 0;
    vram__jdoc *d = ps->d;
    vram_status st;

    for (;;) {
        /* ---- a value ---- */
        skip_ws(ps);
        if (ps->pos >= ps->len)
            return perr(ps, ps->pos, VRAM_E_PARSE, "unexpected end of the document, expected a value");
        size_t at = ps->pos;
        unsigned char c = ps->p[at];
        uint32_t idx;
        bool opened = false;
        switch (c) {
        case '{':
        case '[':
            if (depth == VRAM__JSON_MAX_DEPTH)
                return perr(ps, at, VRAM_E_LIMIT, "nesting deeper than %u levels",
                            VRAM__JSON_MAX_DEPTH);
            if ((st = new_val(ps, c == '{' ? VRAM__J_OBJECT : VRAM__J_ARRAY, at, &idx)) != VRAM_OK)
                return st;
            attach(ps, stack, depth, idx);
            stack[depth++] = (frame){idx, 0, 0, 0, 0};
            ps->pos++;
            skip_ws(ps);
            if (ps->pos < ps->len && ps->p[ps->pos] == (c == '{' ? '}' : ']')) {
                ps->pos++;
                depth--;
            } else if (c == '{') {
                if ((st = parse_key(ps, &stack[depth - 1], true)) != VRAM_OK)
                    return st;
                opened = true;
            } else {
                opened = true;
            }
            break;
        case '"': {
            if ((st = new_val(ps, VRAM__J_STRING, at, &idx)) != VRAM_OK)
                return st;
            uint32_t so, sn;
            if ((st = parse_string(ps, &so, &sn)) != VRAM_OK)
                return st;
            d->v[idx].v.s = so;
            d->v[idx].count = sn;
            attach(ps, stack, depth, idx);
            break;
        }
        case 't':
        case 'f':
        case 'n': {
            const char *w = c == 't' ? "true" : c == 'f' ? "false" : "null";
            if (!at_word(ps, w))
                return perr(ps, at, VRAM_E_PARSE, "invalid literal (expected %s)", w);
            if ((st = new_val(ps, c == 't' ? VRAM__J_TRUE : c == 'f' ? VRAM__J_FALSE : VRAM__J_NULL,
                              at, &idx)) != VRAM_OK)
                return st;
            ps->pos += strlen(w);
            attach(ps, stack, depth, idx);
            break;
        }
        default:
            if (c == '-' || is_digit(c)) {
                if ((st = new_val(ps, VRAM__J_NUMBER, at, &idx)) != VRAM_OK)
                    return st;
                if ((st = parse_number(ps, &d->v[idx])) != VRAM_OK)
                    return st;
                attach(ps, stack, depth, idx);
                break;
            }
            if (at_word(ps, "NaN") || at_word(ps, "Infinity"))
                return perr(ps, at, VRAM_E_PARSE, "NaN and Infinity are not JSON numbers");
            {
                char got[32];
                describe_here(ps, got, sizeof got);
                return perr(ps, at, VRAM_E_PARSE, "expected a value, got %s", got);
            }
        }
        if (opened)
            continue;

        /* ---- after a complete value: close containers, find the next value ---- */
        for (;;) {
            skip_ws(ps);
            if (depth == 0) {
                if (ps->pos != ps->len) {
                    char got[32];
                    describe_here(ps, got, sizeof got);
                    return perr(ps, ps->pos, VRAM_E_PARSE,
                                "unexpected %s after the end of the document", got);
                }
                return VRAM_OK;
            }
            frame *f = &stack[depth - 1];
            bool obj = d->v[f->idx].type == VRAM__J_OBJECT;
            char close = obj ? '}' : ']';
            if (ps->pos >= ps->len)
                return perr(ps, ps->pos, VRAM_E_PARSE,
                            "unexpected end of the document, expected ',' or '%c'", close);
            unsigned char n = ps->p[ps->pos];
            if (n == ',') {
                ps->pos++;
                if (obj && (st = parse_key(ps, f, false)) != VRAM_OK)
                    return st;
                break;
            }
            if (n == (unsigned char)close) {
                ps->pos++;
                if (obj && (st = check_duplicates(ps, f->idx)) != VRAM_OK)
                    return st;
                depth--;
                continue;
            }
            char got[32];
            describe_here(ps, got, sizeof got);
            return perr(ps, ps->pos, VRAM_E_PARSE, "expected ',' or '%c', got %s", close, got);
        }
    }
}

void vram__json_free(vram__jdoc *doc)
{
    if (!doc)
        return;
    free(doc->v);
    free(doc->s);
    free(doc);
}

vram_status vram__json_parse(const char *text, size_t len, size_t max_len, const char *what,
                             vram__jdoc **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram__json_parse: out is NULL");
    *out = NULL;
    if (!what)
        what = "JSON";
    if (!text && len)
        return vram__fail(VRAM_E_INVALID_ARG, "%s: text is NULL", what);
    if (len > max_len || len >= UINT32_MAX)
        return vram__fail(VRAM_E_LIMIT, "%s: the document is %zu bytes, more than the %zu-byte limit",
                          what, len, max_len < UINT32_MAX - 1 ? max_len : (size_t)UINT32_MAX - 1);
    vram__jdoc *d = calloc(1, sizeof *d);
    if (!d)
        return vram__fail(VRAM_E_NOMEM, "%s: out of memory", what);
    snprintf(d->what, sizeof d->what, "%s", what);
    d->text = text;
    d->len = len;
    parser ps = {d, (const unsigned char *)text, len, 0, NULL, 0};
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0)
        ps.pos = 3;
    vram_status st = parse_doc(&ps);
    free(ps.scratch);
    if (st != VRAM_OK) {
        vram__json_free(d);
        return st;
    }
    *out = d;
    return VRAM_OK;
}

/* ------------------------------------------------------------------ reading */

const char *vram__json_what(const vram__jdoc *doc)
{
    return doc->what;
}

const vram__jval *vram__json_root(const vram__jdoc *doc)
{
    return &doc->v[0];
}

const vram__jval *vram__json_child(const vram__jdoc *doc, const vram__jval *c)
{
    if (!c || (c->type != VRAM__J_OBJECT && c->type != VRAM__J_ARRAY) || !c->first)
        return NULL;
    return &doc->v[c->first];
}

const vram__jval *vram__json_next(const vram__jdoc *doc, const vram__jval *v)
{
    return v && v->next ? &doc->v[v->next] : NULL;
}

const char *vram__json_key(const vram__jdoc *doc, const vram__jval *m, size_t *len)
{
    if (len)
        *len = m->key_len;
    return doc->s ? doc->s + m->key : "";
}

const vram__jval *vram__json_member(const vram__jdoc *doc, const vram__jval *obj, const char *key)
{
    if (!obj || obj->type != VRAM__J_OBJECT)
        return NULL;
    size_t n = strlen(key);
    for (uint32_t i = obj->first; i; i = doc->v[i].next) {
        const vram__jval *m = &doc->v[i];
        if (m->key_len == n && memcmp(doc->s + m->key, key, n) == 0)
            return m;
    }
    return NULL;
}

const vram__jval *vram__json_get(const vram__jdoc *doc, const vram__jval *obj, const char *key)
{
    const vram__jval *m = vram__json_member(doc, obj, key);
    return m && m->type != VRAM__J_NULL ? m : NULL;
}

const char *vram__json_number_text(const vram__jdoc *doc, const vram__jval *v, size_t *len)
{
    if (v->type != VRAM__J_NUMBER)
        return NULL;
    /* members point at their key: the value text follows the key and ':' */
    size_t at = v->off;
    const char *t = doc->text;
    if (doc->v[v->parent].type == VRAM__J_OBJECT && v != doc->v) {
        at += 1;
        while (at < doc->len && t[at] != '"')
            at += (t[at] == '\\') ? 2 : 1;
        while (at < doc->len && t[at] != ':')
            at++;
        at++;
        while (at < doc->len && (t[at] == ' ' || t[at] == '\t' || t[at] == '\n' || t[at] == '\r'))
            at++;
    }
    if (at > doc->len || doc->len - at < v->count)
        return NULL;
    *len = v->count;
    return t + at;
}

const char *vram__json_str_raw(const vram__jdoc *doc, const vram__jval *v, size_t *len)
{
    if (!v || v->type != VRAM__J_STRING)
        return NULL;
    if (len)
        *len = v->count;
    return doc->s + v->v.s;
}

void vram__json_path(const vram__jdoc *doc, const vram__jval *v, char *buf, size_t cap)
{
    uint32_t chain[VRAM__JSON_MAX_DEPTH + 1];
    unsigned n = 0;
    uint32_t idx = (uint32_t)(v - doc->v);
    while (idx != 0 && n < VRAM__JSON_MAX_DEPTH + 1) {
        chain[n++] = idx;
        idx = doc->v[idx].parent;
    }
    vram__buf b = {buf, cap ? cap - 1 : 0, 0};
    if (n == 0)
        vram__buf_puts(&b, "(document)");
    while (n > 0) {
        uint32_t i = chain[--n];
        const vram__jval *p = &doc->v[doc->v[i].parent];
        if (p->type == VRAM__J_OBJECT) {
            char ex[48];
            excerpt(doc->s + doc->v[i].key, doc->v[i].key_len, ex, sizeof ex);
            if (b.len)
                vram__buf_put(&b, ".", 1);
            vram__buf_puts(&b, ex);
        } else {
            uint64_t pos = 0;
            for (uint32_t k = p->first; k && k != i; k = doc->v[k].next)
                pos++;
            vram__buf_put(&b, "[", 1);
            vram__buf_u64(&b, pos);
            vram__buf_put(&b, "]", 1);
        }
    }
    if (cap)
        buf[b.len < cap ? b.len : cap - 1] = '\0';
}

/* A short rendering of a value for messages. */
static void render(const vram__jdoc *doc, const vram__jval *v, char *buf, size_t cap)
{
    switch (v->type) {
    case VRAM__J_NULL: snprintf(buf, cap, "null"); break;
    case VRAM__J_TRUE: snprintf(buf, cap, "true"); break;
    case VRAM__J_FALSE: snprintf(buf, cap, "false"); break;
    case VRAM__J_ARRAY: snprintf(buf, cap, "an array"); break;
    case VRAM__J_OBJECT: snprintf(buf, cap, "an object"); break;
    case VRAM__J_NUMBER: {
        size_t n = 0;
        const char *t = vram__json_number_text(doc, v, &n);
        excerpt(t ? t : "", t ? n : 0, buf, cap);
        break;
    }
    case VRAM__J_STRING: {
        char ex[48];
        excerpt(doc->s + v->v.s, v->count, ex, sizeof ex);
        snprintf(buf, cap, "\"%s\"", ex);
        break;
    }
    default: snprintf(buf, cap, "?"); break;
    }
}

vram_status vram__json_fail_at(const vram__jdoc *doc, const vram__jval *v, vram_status st,
                               const char *fmt, ...)
{
    char path[96], msg[128];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    vram__json_path(doc, v, path, sizeof path);
    return vram__fail(st, "%s: %s: %s (byte %u)", doc->what, path, msg, (unsigned)v->off);
}

static vram_status type_error(const vram__jdoc *doc, const vram__jval *v, const char *want)
{
    char got[64];
    render(doc, v, got, sizeof got);
    return vram__json_fail_at(doc, v, VRAM_E_PARSE, "expected %s, got %s", want, got);
}

static vram_status range_error(const vram__jdoc *doc, const vram__jval *v, const char *want)
{
    char got[64];
    render(doc, v, got, sizeof got);
    return vram__json_fail_at(doc, v, VRAM_E_RANGE, "%s, got %s", want, got);
}

#define EXACT_DOUBLE_INT 9007199254740992.0 /* 2^53: every integer below is a double */

vram_status vram__json_as_u64(const vram__jdoc *doc, const vram__jval *v, uint64_t *out)
{
    if (v->type != VRAM__J_NUMBER)
        return type_error(doc, v, "a non-negative integer");
    if (v->nflags & VRAM__JN_U64)
        return *out = v->v.u, VRAM_OK;
    if (v->nflags & VRAM__JN_I64)
        return range_error(doc, v, "must be >= 0");
    if (v->nflags & VRAM__JN_INT)
        return range_error(doc, v, "does not fit in 64 bits");
    /* written with a fraction or exponent: accepted when it is an exact
     * integer a double holds ("13731385408.0" in old index files) */
    double x = v->v.d;
    if (x != floor(x))
        return type_error(doc, v, "an integer");
    if (x < 0)
        return range_error(doc, v, "must be >= 0");
    if (x >= EXACT_DOUBLE_INT)
        return range_error(doc, v, x >= 18446744073709551616.0
                                       ? "does not fit in 64 bits"
                                       : "is too large to be exact with a fraction or exponent "
                                         "(write it as plain digits)");
    *out = (uint64_t)x;
    return VRAM_OK;
}

vram_status vram__json_as_i64(const vram__jdoc *doc, const vram__jval *v, int64_t *out)
{
    if (v->type != VRAM__J_NUMBER)
        return type_error(doc, v, "an integer");
    if (v->nflags & VRAM__JN_I64)
        return *out = v->v.i, VRAM_OK;
    if (v->nflags & VRAM__JN_U64) {
        if (v->v.u > (uint64_t)INT64_MAX)
            return range_error(doc, v, "does not fit in a signed 64-bit integer");
        return *out = (int64_t)v->v.u, VRAM_OK;
    }
    if (v->nflags & VRAM__JN_INT)
        return range_error(doc, v, "does not fit in 64 bits");
    double x = v->v.d;
    if (x != floor(x))
        return type_error(doc, v, "an integer");
    if (x >= EXACT_DOUBLE_INT || x <= -EXACT_DOUBLE_INT)
        return range_error(doc, v, x >= 9223372036854775808.0 || x < -9223372036854775808.0
                                       ? "does not fit in a signed 64-bit integer"
                                       : "is too large to be exact with a fraction or exponent "
                                         "(write it as plain digits)");
    *out = (int64_t)x;
    return VRAM_OK;
}

vram_status vram__json_as_f64(const vram__jdoc *doc, const vram__jval *v, double *out)
{
    if (v->type != VRAM__J_NUMBER)
        return type_error(doc, v, "a number");
    *out = (v->nflags & VRAM__JN_U64)   ? (double)v->v.u
           : (v->nflags & VRAM__JN_I64) ? (double)v->v.i
                                        : v->v.d;
    return VRAM_OK;
}

vram_status vram__json_as_bool(const vram__jdoc *doc, const vram__jval *v, bool *out)
{
    if (v->type != VRAM__J_TRUE && v->type != VRAM__J_FALSE)
        return type_error(doc, v, "true or false");
    *out = v->type == VRAM__J_TRUE;
    return VRAM_OK;
}

vram_status vram__json_as_str(const vram__jdoc *doc, const vram__jval *v, const char **out)
{
    if (v->type != VRAM__J_STRING)
        return type_error(doc, v, "a string");
    const char *s = doc->s + v->v.s;
    if (strlen(s) != v->count)
        return vram__json_fail_at(doc, v, VRAM_E_PARSE, "the string contains a NUL character");
    *out = s;
    return VRAM_OK;
}

#define GETTER(name, type, as)                                                                \
    vram_status vram__json_get_##name(const vram__jdoc *doc, const vram__jval *obj,           \
                                      const char *key, type *out, bool *found)                \
    {                                                                                         \
        const vram__jval *m = vram__json_get(doc, obj, key);                                  \
        if (found)                                                                            \
            *found = m != NULL;                                                               \
        return m ? as(doc, m, out) : VRAM_OK;                                                 \
    }

GETTER(u64, uint64_t, vram__json_as_u64)
GETTER(f64, double, vram__json_as_f64)
GETTER(bool, bool, vram__json_as_bool)
GETTER(str, const char *, vram__json_as_str)
