/*
 * json.h - a small strict JSON reader (RFC 8259), internal to the library.
 *
 * A document is parsed once into a flat array of values (one allocation for
 * the values, one for the decoded strings) and then read with the lookup
 * helpers below. The reader is built to be fed hostile input:
 *  - bounded: the document size limit is the caller's (16 MiB for
 *    config.json, VRAM__JSON_MAX_DOC), nesting is at most
 *    VRAM__JSON_MAX_DEPTH levels and is tracked on an explicit stack (no
 *    recursion anywhere, parsing or reading), and at most
 *    VRAM__JSON_MAX_VALUES values are kept;
 *  - strict: UTF-8 is validated (overlong forms, surrogates and bytes that
 *    can never occur are rejected), \u escapes including surrogate pairs are
 *    decoded to UTF-8, control characters must be escaped, numbers follow the
 *    JSON grammar (no '+', no leading zeros, no NaN or Infinity), duplicate
 *    keys in one object and anything after the document are errors;
 *  - locale-independent: numbers go through vram__parse_num (strbuf.c), and
 *    integers that fit are kept exactly as uint64 / int64;
 *  - the text need not be NUL-terminated and is never read past its length.
 * A UTF-8 byte order mark before the document is skipped (RFC 8259 section
 * 8.1 lets a parser ignore it).
 *
 * Every error is VRAM_E_PARSE (VRAM_E_LIMIT for the limits, VRAM_E_NOMEM)
 * with a message "<what>: byte <offset>: <what went wrong>".
 */
#ifndef VRAM_JSON_H
#define VRAM_JSON_H

#include "vram_private.h"

#define VRAM__JSON_MAX_DOC ((size_t)16 << 20)     /* bytes of a config.json */
#define VRAM__JSON_MAX_DEPTH 64u                  /* nested arrays/objects */
#define VRAM__JSON_MAX_VALUES (UINT32_C(1) << 22) /* values in one document */

typedef enum vram__jtype {
    VRAM__J_NULL = 1,
    VRAM__J_FALSE,
    VRAM__J_TRUE,
    VRAM__J_NUMBER,
    VRAM__J_STRING,
    VRAM__J_ARRAY,
    VRAM__J_OBJECT
} vram__jtype;

/* Number flags (vram__jval.nflags). */
#define VRAM__JN_INT 1u  /* written as an integer (no fraction, no exponent) */
#define VRAM__JN_U64 2u  /* v.u holds the exact non-negative value */
#define VRAM__JN_I64 4u  /* v.i holds the exact negative value */

/* One value. Indices refer to the document's value array; 0 is the root,
 * which is never anyone's child, so 0 also means "none". */
typedef struct vram__jval {
    uint8_t type;       /* vram__jtype */
    uint8_t nflags;     /* numbers: VRAM__JN_* */
    uint16_t pad_;
    uint32_t parent;    /* container (the root is its own parent) */
    uint32_t next;      /* next sibling, 0 = last */
    uint32_t first;     /* containers: first child, 0 = empty */
    uint32_t count;     /* containers: children; strings: bytes; numbers: text bytes */
    uint32_t key;       /* object members: key offset in the string store */
    uint32_t key_len;   /* object members: key bytes */
    uint32_t off;       /* byte offset in the document (members: of their key) */
    union {
        uint64_t u;     /* VRAM__JN_U64 */
        int64_t i;      /* VRAM__JN_I64 */
        double d;       /* other numbers */
        uint32_t s;     /* strings: offset in the string store */
    } v;
} vram__jval;

/* A parsed document. The text it was parsed from must outlive it (error
 * messages quote numbers from it). */
typedef struct vram__jdoc vram__jdoc;

/* Parse text[0..len). `what` names the document in messages ("config.json");
 * max_len is the size limit (VRAM__JSON_MAX_DOC unless the format says
 * otherwise). On success *out is the document, free it with vram__json_free. */
vram_status vram__json_parse(const char *text, size_t len, size_t max_len, const char *what,
                             vram__jdoc **out);
void vram__json_free(vram__jdoc *doc);

/* Name given at parse time. */
const char *vram__json_what(const vram__jdoc *doc);
const vram__jval *vram__json_root(const vram__jdoc *doc);
/* First child of a container, the next sibling of a value (NULL at the end). */
const vram__jval *vram__json_child(const vram__jdoc *doc, const vram__jval *container);
const vram__jval *vram__json_next(const vram__jdoc *doc, const vram__jval *v);
/* Key of an object member (NUL-terminated; *len may be NULL). */
const char *vram__json_key(const vram__jdoc *doc, const vram__jval *member, size_t *len);
/* Member of an object by key (NULL when absent or when obj is not an object). */
const vram__jval *vram__json_member(const vram__jdoc *doc, const vram__jval *obj,
                                    const char *key);
/* Like vram__json_member, but a member holding null counts as absent. */
const vram__jval *vram__json_get(const vram__jdoc *doc, const vram__jval *obj, const char *key);
/* Raw string bytes of a string value (NUL-terminated, may contain NUL when
 * the document wrote \u0000; *len may be NULL); NULL for other types. */
const char *vram__json_str_raw(const vram__jdoc *doc, const vram__jval *v, size_t *len);

/* A number as the document wrote it (not NUL-terminated; *len bytes), for
 * messages that quote the request; NULL for other types. */
const char *vram__json_number_text(const vram__jdoc *doc, const vram__jval *v, size_t *len);

/* Dotted path of a value for messages ("text_config.layer_types[3]"). */
void vram__json_path(const vram__jdoc *doc, const vram__jval *v, char *buf, size_t cap);

/* Typed reads of one value. Each fails with VRAM_E_PARSE (wrong type) or
 * VRAM_E_RANGE (a number outside the type) and a message naming the value's
 * path, the value and its byte offset. */
vram_status vram__json_as_u64(const vram__jdoc *doc, const vram__jval *v, uint64_t *out);
vram_status vram__json_as_i64(const vram__jdoc *doc, const vram__jval *v, int64_t *out);
vram_status vram__json_as_f64(const vram__jdoc *doc, const vram__jval *v, double *out);
vram_status vram__json_as_bool(const vram__jdoc *doc, const vram__jval *v, bool *out);
/* A string without embedded NUL bytes. */
vram_status vram__json_as_str(const vram__jdoc *doc, const vram__jval *v, const char **out);

/* Typed reads of an object member: an absent (or null) member leaves *out
 * unchanged and sets *found (may be NULL) to false. */
vram_status vram__json_get_u64(const vram__jdoc *doc, const vram__jval *obj, const char *key,
                               uint64_t *out, bool *found);
vram_status vram__json_get_f64(const vram__jdoc *doc, const vram__jval *obj, const char *key,
                               double *out, bool *found);
vram_status vram__json_get_bool(const vram__jdoc *doc, const vram__jval *obj, const char *key,
                                bool *out, bool *found);
vram_status vram__json_get_str(const vram__jdoc *doc, const vram__jval *obj, const char *key,
                               const char **out, bool *found);

/* Fail with `st` and "<what>: <path>: <message> (byte N)"; for callers that
 * reject a well-formed value. */
vram_status vram__json_fail_at(const vram__jdoc *doc, const vram__jval *v, vram_status st,
                               const char *fmt, ...) VRAM__PRINTF(4, 5);

#endif /* VRAM_JSON_H */
