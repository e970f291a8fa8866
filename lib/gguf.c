/*
 * gguf.c - GGUF header reader -> vram_model + exact tensor bytes
 * (DESIGN.md sections 2 and 4.2).
 *
 * Layout (ggml-org/llama.cpp ggml/src/gguf.cpp gguf_init_from_reader, and
 * the format notes of docs/gguf.md), every integer little-endian:
 *   magic "GGUF" | u32 version | u64 tensor_count | u64 kv_count
 *   kv_count x  { string key | u32 value type | value }
 *   tensor_count x { string name | u32 n_dims | n_dims x u64 ne | u32 ggml type
 *                    | u64 offset (from the start of the data section) }
 *   padding to general.alignment (default 32) | tensor data
 * A string is a u64 byte length and the bytes (no NUL). Value types are
 * gguf-py's GGUFValueType: 0 u8, 1 i8, 2 u16, 3 i16, 4 u32, 5 i32, 6 f32,
 * 7 bool (one byte), 8 string, 9 array (u32 element type, u64 count, the
 * elements), 10 u64, 11 i64, 12 f64. Version 1 used 32-bit counts and lengths
 * and is rejected, as ggml rejects it. A big-endian file (GGUF v3 allows
 * them) stores the version byte-swapped: read little-endian its low 16 bits
 * are zero, the test ggml uses; such files are rejected too.
 *
 * Tensor data is never read. A file is streamed through a 64 KiB window and
 * only its header is read; the file size (fstat) bounds every length.
 *
 * Truncation. vram_model_from_gguf_buffer() is documented as taking "the
 * first bytes of a GGUF file": its header must be complete, but the tensors
 * may point past the end of the buffer (the data section is simply not
 * there). vram_model_from_gguf_file() reads a whole file: when the last
 * tensor's data ends past the end of the file, the file is truncated and the
 * reader fails with VRAM_E_PARSE.
 *
 * Limits (VRAM_E_LIMIT beyond them; malformed input is VRAM_E_PARSE):
 *   header (everything before the tensor data)   1 GiB
 *   key/value pairs                              100,000
 *   tensor infos                                 1,048,576
 *   one string value                             16 MiB (a whole tokenizer.json
 *                                                may be embedded as one string)
 *   one key                                      65,535 bytes (GGUF spec)
 *   one tensor name                              64 bytes (GGUF spec; ggml
 *                                                itself accepts 63)
 *   one array                                    16,777,216 elements
 *   arrays nested in arrays                      8 levels (ggml itself accepts
 *                                                no nesting; the spec does)
 *   architecture keys captured                   512
 *   block_count                                  1024 (the model's limit)
 * Every count is checked against the bytes that remain before anything is
 * allocated, and every product is overflow-checked.
 *
 * Further checks: tensor offsets are multiples of the alignment (a u32 power
 * of two) and tensors do not overlap; n_dims <= 4; the element count fits in
 * int64 (ggml's ne are int64); a tensor's first dimension is a multiple of
 * its type's block size; an unknown ggml type names the tensor and the
 * number; duplicate tensor names, and duplicates among the metadata keys this
 * reader uses, are rejected. Keys this reader does not use may repeat (ggml
 * rejects every duplicate; checking 100,000 keys would need a hash set).
 *
 * Metadata -> model keys follow llama.cpp: key names from src/llama-arch.cpp
 * (LLM_KV_NAMES, "%s.block_count" ...), how each architecture reads them from
 * src/llama-model.cpp (load_hparams): feed_forward_length, head_count and
 * head_count_kv may be per-layer arrays (get_key_or_arr, whose array length
 * must equal block_count); head_count_kv defaults to head_count; key_length
 * and value_length default to embedding_length / head_count; the vocabulary
 * is <arch>.vocab_size or the length of tokenizer.ggml.tokens. Per-layer
 * arrays are reduced to their largest non-zero value (an upper bound for the
 * KV cache; zeros mark recurrent layers). Sliding windows follow
 * llama_hparams::set_swa_pattern (src/llama-hparams.cpp): with period p,
 * layer i slides unless i % p == p - 1, which is this library's
 * ::VRAM_MODEL_SLIDING_PATTERN. gemma2: period 2, window 4096 unless the key
 * says otherwise; gemma3: period 6, window required; gpt-oss: period 2
 * unless <arch>.attention.sliding_window_pattern says otherwise, window
 * required; cohere2: period 4, window required. A sliding_window_pattern
 * array gives each layer explicitly (true = sliding). phi3 files may carry a
 * window, but llama.cpp disables Phi's SWA (llama-model.cpp, LLM_ARCH_PHI3),
 * so it is ignored; llama-family files never slide in llama.cpp.
 * deepseek2 (MLA): q_lora_rank (absent in the Lite models), kv_lora_rank,
 * rope.dimension_count = qk_rope_head_dim; key_length_mla/value_length_mla
 * when present (newer converters, where key_length is then the cached
 * latent width), else key_length = qk_nope + qk_rope and value_length.
 *
 * Structure the metadata does not state is read from the tensor names of
 * src/llama-arch.cpp (LLM_TENSOR_NAMES): biases (attn_q.bias,
 * attn_output.bias, ffn_*.bias), fused attn_qkv, q/k norms and their width,
 * the norms per layer, routers (ffn_gate_inp: which layers are MoE),
 * exp_probs_b (DeepSeek V3's score bias, counted like a router bias), shared
 * experts (ffn_*_shexp, the gate ffn_gate_inp_shexp), a learned
 * position_embd, and output.weight (absent = tied to token_embd).
 */
#include "vram_private.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define GG_MAX_HEADER (UINT64_C(1) << 30)
#define GG_MAX_KV UINT64_C(100000)
#define GG_MAX_TENSORS (UINT64_C(1) << 20)
#define GG_MAX_STRING (UINT64_C(16) << 20)
#define GG_MAX_KEY UINT64_C(65535)
#define GG_MAX_NAME UINT64_C(64)
#define GG_MAX_ARRAY (UINT64_C(1) << 24)
#define GG_MAX_DEPTH 8u
#define GG_MAX_CAPTURES 512u
#define GG_WINDOW 65536u
#define GG_DEFAULT_ALIGNMENT 32u
#define GG_KEYBUF 256u     /* keys longer than this are never ones we use */
#define GG_PREFIX 64u      /* architecture prefix of a captured key, with NUL */

/* ---------------------------------------------------------- value types */

enum gg_type {
    T_U8, T_I8, T_U16, T_I16, T_U32, T_I32, T_F32, T_BOOL, T_STR, T_ARR, T_U64, T_I64, T_F64,
    T_COUNT
};
static const uint8_t type_size[T_COUNT] = {1, 1, 2, 2, 4, 4, 4, 1, 0, 0, 8, 8, 8};
static const char *const type_name[T_COUNT] = {"u8",  "i8",   "u16", "i16", "u32",
                                               "i32", "f32",  "bool", "str", "arr",
                                               "u64", "i64",  "f64"};

static bool type_is_int(uint32_t t)
{
    return t <= T_I32 || t == T_U64 || t == T_I64 || t == T_BOOL;
}

/* ---------------------------------------------------------------- reader */

typedef struct rd {
    const uint8_t *mem;    /* buffer source, or NULL */
    FILE *f;               /* file source, or NULL */
    uint8_t *win;          /* file window */
    size_t wlen, wpos;     /* bytes in the window, next byte in it */
    uint64_t pos;          /* absolute offset of the next byte */
    uint64_t end;          /* bytes in the source */
} rd;

static unsigned long long ull(uint64_t v)
{
    return (unsigned long long)v;
}

/* Can n more bytes be read? Truncation is PARSE, the header cap LIMIT. */
static vram_status rd_need(const rd *r, uint64_t n, const char *what)
{
    if (n > r->end - r->pos)
        return vram__fail(VRAM_E_PARSE,
                          "gguf: byte %llu: %s needs %llu bytes but only %llu remain (truncated)",
                          ull(r->pos), what, ull(n), ull(r->end - r->pos));
    if (r->pos + n > GG_MAX_HEADER)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte %llu: %s: header exceeds %llu bytes",
                          ull(r->pos), what, ull(GG_MAX_HEADER));
    return VRAM_OK;
}

static vram_status rd_fill(rd *r)
{
    uint64_t left = r->end - r->pos;
    size_t want = left < GG_WINDOW ? (size_t)left : GG_WINDOW;
    size_t got = fread(r->win, 1, want, r->f);
    if (got != want)
        return vram__fail(VRAM_E_IO, "gguf: read failed at byte %llu", ull(r->pos));
    r->wlen = got;
    r->wpos = 0;
    return VRAM_OK;
}

static vram_status rd_bytes(rd *r, void *dst, size_t n, const char *what)
{
    vram_status st = rd_need(r, n, what);
    if (st)
        return st;
    if (r->mem) {
        memcpy(dst, r->mem + r->pos, n);
        r->pos += n;
        return VRAM_OK;
    }
    uint8_t *d = dst;
    while (n) {
        if (r->wpos == r->wlen && (st = rd_fill(r)) != VRAM_OK)
            return st;
        size_t k = r->wlen - r->wpos < n ? r->wlen - r->wpos : n;
        memcpy(d, r->win + r->wpos, k);
        r->wpos += k;
        r->pos += k;
        d += k;
        n -= k;
    }
    return VRAM_OK;
}

static vram_status rd_skip(rd *r, uint64_t n, const char *what)
{
    vram_status st = rd_need(r, n, what);
    if (st)
        return st;
    if (r->mem || n <= r->wlen - r->wpos) {
        if (!r->mem)
            r->wpos += (size_t)n;
        r->pos += n;
        return VRAM_OK;
    }
    r->pos += n;
    r->wlen = r->wpos = 0;
    if (fseeko(r->f, (off_t)r->pos, SEEK_SET) != 0)
        return vram__fail(VRAM_E_IO, "gguf: seek to byte %llu failed", ull(r->pos));
    return VRAM_OK;
}

static uint64_t le(const uint8_t *b, unsigned n)
{
    uint64_t v = 0;
    for (unsigned i = n; i-- > 0;)
        v = v << 8 | b[i];
    return v;
}

static vram_status rd_u32(rd *r, uint32_t *v, const char *what)
{
    uint8_t b[4];
    vram_status st = rd_bytes(r, b, 4, what);
    if (st == VRAM_OK)
        *v = (uint32_t)le(b, 4);
    return st;
}

static vram_status rd_u64(rd *r, uint64_t *v, const char *what)
{
    uint8_t b[8];
    vram_status st = rd_bytes(r, b, 8, what);
    if (st == VRAM_OK)
        *v = le(b, 8);
    return st;
}

/* ------------------------------------------------------------- captures */

/* Architecture keys "<arch>.<suffix>" this reader uses. */
enum ak {
    K_BLOCK_COUNT, K_CONTEXT_LENGTH, K_EMBEDDING_LENGTH, K_FFN_LENGTH, K_HEAD_COUNT,
    K_HEAD_COUNT_KV, K_KEY_LENGTH, K_VALUE_LENGTH, K_KEY_LENGTH_MLA, K_VALUE_LENGTH_MLA,
    K_EXPERT_COUNT, K_EXPERT_USED_COUNT, K_EXPERT_FFN_LENGTH, K_EXPERT_SHARED_COUNT,
    K_LEADING_DENSE, K_SLIDING_WINDOW, K_SLIDING_PATTERN, K_KV_LORA_RANK, K_Q_LORA_RANK,
    K_ROPE_DIMS, K_VOCAB_SIZE, K_MOE_STEP, K_PARALLEL_RESIDUAL,
    K_NKEYS
};
static const struct {
    const char *suffix;
    bool per_layer; /* may be an array with one value per layer */
} ak_def[K_NKEYS] = {
    [K_BLOCK_COUNT] = {"block_count", false},
    [K_CONTEXT_LENGTH] = {"context_length", false},
    [K_EMBEDDING_LENGTH] = {"embedding_length", false},
    [K_FFN_LENGTH] = {"feed_forward_length", true},
    [K_HEAD_COUNT] = {"attention.head_count", true},
    [K_HEAD_COUNT_KV] = {"attention.head_count_kv", true},
    [K_KEY_LENGTH] = {"attention.key_length", false},
    [K_VALUE_LENGTH] = {"attention.value_length", false},
    [K_KEY_LENGTH_MLA] = {"attention.key_length_mla", false},
    [K_VALUE_LENGTH_MLA] = {"attention.value_length_mla", false},
    [K_EXPERT_COUNT] = {"expert_count", false},
    [K_EXPERT_USED_COUNT] = {"expert_used_count", false},
    [K_EXPERT_FFN_LENGTH] = {"expert_feed_forward_length", false},
    [K_EXPERT_SHARED_COUNT] = {"expert_shared_count", false},
    [K_LEADING_DENSE] = {"leading_dense_block_count", false},
    [K_SLIDING_WINDOW] = {"attention.sliding_window", false},
    [K_SLIDING_PATTERN] = {"attention.sliding_window_pattern", true},
    [K_KV_LORA_RANK] = {"attention.kv_lora_rank", false},
    [K_Q_LORA_RANK] = {"attention.q_lora_rank", false},
    [K_ROPE_DIMS] = {"rope.dimension_count", false},
    [K_VOCAB_SIZE] = {"vocab_size", false},
    [K_MOE_STEP] = {"interleave_moe_layer_step", false},
    [K_PARALLEL_RESIDUAL] = {"use_parallel_residual", false},
};

/* One captured value: an integer scalar or a per-layer array of integers. */
typedef struct cap {
    char prefix[GG_PREFIX];
    uint8_t key;            /* enum ak */
    uint8_t type;           /* value type (of the elements for arrays) */
    bool array;
    bool bad;               /* a negative or non-integer scalar/element */
    uint64_t pos;           /* byte offset of the key */
    uint64_t u;             /* scalar value */
    uint64_t n;             /* array length */
    uint64_t *vals;         /* array elements when n <= VRAM__MAX_LAYERS */
} cap;

/* One tensor info. */
typedef struct tinfo {
    uint64_t ne[4];
    uint64_t nelem, nbytes, offset;
    uint32_t type, n_dims;
    uint32_t name_off;      /* into the name arena */
} tinfo;

typedef struct ggctx {
    rd r;
    uint32_t version;
    uint64_t n_tensors, n_kv;
    /* general.* and tokenizer keys */
    char arch[GG_PREFIX];
    bool has_arch;
    char name[VRAM__NAME_MAX];
    bool has_name;
    uint32_t alignment;
    bool has_alignment;
    uint64_t file_type;
    bool has_file_type;
    uint64_t n_tokens;
    bool has_tokens;
    uint64_t split_count;
    bool has_split;
    /* "<arch>.*" keys */
    cap *caps;
    uint32_t n_caps, cap_cap;
    /* tensors */
    tinfo *t;
    uint64_t n_t, t_cap;
    char *names;
    size_t names_len, names_cap;
    uint64_t data_start, data_end;
} ggctx;

static void ctx_free(ggctx *c)
{
    for (uint32_t i = 0; i < c->n_caps; i++)
        free(c->caps[i].vals);
    free(c->caps);
    free(c->t);
    free(c->names);
    free(c->r.win);
    if (c->r.f)
        fclose(c->r.f);
    free(c);
}

static vram_status nomem(const char *what)
{
    return vram__fail(VRAM_E_NOMEM, "gguf: out of memory (%s)", what);
}

/* ------------------------------------------------------------ values */

/* Read a string's length and check it against the limit and the input. */
static vram_status rd_strlen(rd *r, uint64_t max, const char *what, uint64_t *len)
{
    uint64_t at = r->pos;
    vram_status st = rd_u64(r, len, what);
    if (st)
        return st;
    if (*len > max)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte %llu: %s is %llu bytes, at most %llu allowed",
                          ull(at), what, ull(*len), ull(max));
    return rd_need(r, *len, what);
}

static vram_status skip_value(rd *r, uint32_t type, unsigned depth);

/* Skip (after validating) the elements of an array of `type`, `n` of them. */
static vram_status skip_elements(rd *r, uint32_t type, uint64_t n, unsigned depth)
{
    vram_status st;
    if (type_size[type]) {
        uint64_t bytes;
        if (!vram__mul(n, type_size[type], &bytes))
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: array of %llu %s overflows",
                              ull(r->pos), ull(n), type_name[type]);
        return rd_skip(r, bytes, "array");
    }
    for (uint64_t i = 0; i < n; i++)
        if ((st = skip_value(r, type, depth)) != VRAM_OK)
            return st;
    return VRAM_OK;
}

/* Read an array header; validates the element type, count and minimum size. */
static vram_status rd_array_head(rd *r, unsigned depth, uint32_t *etype, uint64_t *n)
{
    uint64_t at = r->pos;
    vram_status st;
    if (depth > GG_MAX_DEPTH)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte %llu: arrays nested deeper than %u levels",
                          ull(at), GG_MAX_DEPTH);
    if ((st = rd_u32(r, etype, "array element type")) != VRAM_OK)
        return st;
    if (*etype >= T_COUNT)
        return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: unknown array element type %u",
                          ull(at), *etype);
    if ((st = rd_u64(r, n, "array length")) != VRAM_OK)
        return st;
    if (*n > GG_MAX_ARRAY)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte %llu: array of %llu elements, at most %llu "
                          "allowed", ull(at), ull(*n), ull(GG_MAX_ARRAY));
    /* every element takes at least: its fixed size, a string's u64 length,
     * a nested array's u32 type and u64 count */
    uint64_t min = type_size[*etype] ? type_size[*etype] : *etype == T_STR ? 8 : 12, need;
    if (!vram__mul(*n, min, &need))
        return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: array size overflows", ull(at));
    return rd_need(r, need, "array elements");
}

static vram_status skip_value(rd *r, uint32_t type, unsigned depth)
{
    vram_status st;
    if (type == T_STR) {
        uint64_t len;
        if ((st = rd_strlen(r, GG_MAX_STRING, "string", &len)) != VRAM_OK)
            return st;
        return rd_skip(r, len, "string");
    }
    if (type == T_ARR) {
        uint32_t et;
        uint64_t n;
        if ((st = rd_array_head(r, depth + 1, &et, &n)) != VRAM_OK)
            return st;
        return skip_elements(r, et, n, depth + 1);
    }
    return rd_skip(r, type_size[type], type_name[type]);
}

/* Decode an integer or bool of `type`; *bad for negatives and floats. */
static vram_status rd_int(rd *r, uint32_t type, uint64_t *v, bool *bad)
{
    uint8_t b[8];
    vram_status st = rd_bytes(r, b, type_size[type], type_name[type]);
    if (st)
        return st;
    unsigned n = type_size[type];
    *v = le(b, n);
    if (!type_is_int(type)) {
        *bad = true;
    } else if (type == T_BOOL) {
        *v = *v != 0;
    } else if ((type == T_I8 || type == T_I16 || type == T_I32 || type == T_I64) &&
               (b[n - 1] & 0x80u)) {
        *bad = true;
    }
    return VRAM_OK;
}

/* --------------------------------------------------------------- KV pairs */

static vram_status add_cap(ggctx *c, cap **out)
{
    if (c->n_caps == GG_MAX_CAPTURES)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte %llu: more than %u architecture keys",
                          ull(c->r.pos), GG_MAX_CAPTURES);
    if (c->n_caps == c->cap_cap) {
        uint32_t nc = c->cap_cap ? c->cap_cap * 2 : 32;
        cap *p = realloc(c->caps, nc * sizeof *p);
        if (!p)
            return nomem("metadata");
        c->caps = p;
        c->cap_cap = nc;
    }
    *out = &c->caps[c->n_caps++];
    memset(*out, 0, sizeof **out);
    return VRAM_OK;
}

/* Read a string value into dst (cap bytes with NUL), keeping what fits. */
static vram_status rd_string_into(rd *r, char *dst, size_t dst_cap, const char *what,
                                  uint64_t *len)
{
    vram_status st = rd_strlen(r, GG_MAX_STRING, what, len);
    if (st)
        return st;
    size_t keep = *len < dst_cap ? (size_t)*len : dst_cap - 1;
    if ((st = rd_bytes(r, dst, keep, what)) != VRAM_OK)
        return st;
    dst[keep] = '\0';
    return rd_skip(r, *len - keep, what);
}

static vram_status dup_key(uint64_t at, const char *key)
{
    return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: duplicate key \"%s\"", ull(at), key);
}

/* Values this reader keeps from one KV pair whose key is `key` (full). */
static vram_status read_kv_value(ggctx *c, const char *key, uint64_t kat, uint32_t type)
{
    rd *r = &c->r;
    vram_status st;
    uint64_t len;

    if (strcmp(key, "general.architecture") == 0) {
        if (c->has_arch)
            return dup_key(kat, key);
        if (type != T_STR)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: general.architecture must be a "
                              "string, is %s", ull(kat), type_name[type]);
        if ((st = rd_string_into(r, c->arch, sizeof c->arch, key, &len)) != VRAM_OK)
            return st;
        if (len == 0 || len >= sizeof c->arch || strlen(c->arch) != len)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: general.architecture is empty, "
                              "too long or contains a NUL", ull(kat));
        c->has_arch = true;
        return VRAM_OK;
    }
    if (strcmp(key, "general.name") == 0 && type == T_STR) {
        if (c->has_name)
            return dup_key(kat, key);
        c->has_name = true;
        return rd_string_into(r, c->name, sizeof c->name, key, &len);
    }
    if (strcmp(key, "general.alignment") == 0) {
        if (c->has_alignment)
            return dup_key(kat, key);
        /* ggml requires exactly u32 (gguf.cpp, GGUF_KEY_GENERAL_ALIGNMENT) */
        if (type != T_U32)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: general.alignment must be u32, "
                              "is %s", ull(kat), type_name[type]);
        if ((st = rd_u32(r, &c->alignment, key)) != VRAM_OK)
            return st;
        if (c->alignment == 0 || (c->alignment & (c->alignment - 1)) != 0)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: general.alignment %u is not a "
                              "power of two", ull(kat), c->alignment);
        c->has_alignment = true;
        return VRAM_OK;
    }
    if ((strcmp(key, "general.file_type") == 0 || strcmp(key, "split.count") == 0) &&
        type_is_int(type) && type != T_BOOL) {
        bool ft = key[0] == 'g', bad = false;
        if (ft ? c->has_file_type : c->has_split)
            return dup_key(kat, key);
        if ((st = rd_int(r, type, ft ? &c->file_type : &c->split_count, &bad)) != VRAM_OK)
            return st;
        if (bad)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: %s is negative", ull(kat), key);
        *(ft ? &c->has_file_type : &c->has_split) = true;
        return VRAM_OK;
    }
    if (strcmp(key, "tokenizer.ggml.tokens") == 0 && type == T_ARR) {
        uint32_t et;
        if (c->has_tokens)
            return dup_key(kat, key);
        if ((st = rd_array_head(r, 1, &et, &c->n_tokens)) != VRAM_OK)
            return st;
        c->has_tokens = true;
        return skip_elements(r, et, c->n_tokens, 1);
    }

    /* "<arch>.<suffix>" for a suffix we use */
    for (unsigned k = 0; k < K_NKEYS; k++) {
        size_t kl = strlen(key), sl = strlen(ak_def[k].suffix);
        if (kl <= sl + 1 || kl - sl - 1 >= GG_PREFIX || key[kl - sl - 1] != '.' ||
            strcmp(key + kl - sl, ak_def[k].suffix) != 0)
            continue;
        size_t pl = kl - sl - 1;
        /* architecture names have no dot: "llama.posnet.block_count" is
         * not "<arch>.block_count" */
        if (memchr(key, '.', pl))
            continue;
        for (uint32_t i = 0; i < c->n_caps; i++)
            if (c->caps[i].key == k && strlen(c->caps[i].prefix) == pl &&
                memcmp(c->caps[i].prefix, key, pl) == 0)
                return dup_key(kat, key);
        cap *cp = NULL;
        if ((st = add_cap(c, &cp)) != VRAM_OK)
            return st;
        memcpy(cp->prefix, key, pl);
        cp->prefix[pl] = '\0';
        cp->key = (uint8_t)k;
        cp->pos = kat;
        if (type == T_ARR) {
            uint32_t et;
            if ((st = rd_array_head(r, 1, &et, &cp->n)) != VRAM_OK)
                return st;
            cp->array = true;
            cp->type = (uint8_t)et;
            if (!ak_def[k].per_layer || et == T_STR || et == T_ARR ||
                cp->n > VRAM__MAX_LAYERS) {
                cp->bad = !ak_def[k].per_layer || et == T_STR || et == T_ARR;
                return skip_elements(r, et, cp->n, 1);
            }
            cp->vals = malloc((size_t)(cp->n ? cp->n : 1) * sizeof *cp->vals);
            if (!cp->vals)
                return nomem("metadata array");
            for (uint64_t i = 0; i < cp->n; i++)
                if ((st = rd_int(r, et, &cp->vals[i], &cp->bad)) != VRAM_OK)
                    return st;
            return VRAM_OK;
        }
        cp->type = (uint8_t)type;
        if (type == T_STR) {
            cp->bad = true;
            return skip_value(r, type, 0);
        }
        return rd_int(r, type, &cp->u, &cp->bad);
    }
    return skip_value(r, type, 0);
}

static vram_status read_kvs(ggctx *c)
{
    rd *r = &c->r;
    vram_status st;
    char key[GG_KEYBUF];
    for (uint64_t i = 0; i < c->n_kv; i++) {
        uint64_t kat = r->pos, klen;
        uint32_t type;
        if ((st = rd_strlen(r, GG_MAX_KEY, "key", &klen)) != VRAM_OK)
            return st;
        if (klen == 0)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: key %llu is empty", ull(kat),
                              ull(i));
        size_t keep = klen < sizeof key ? (size_t)klen : sizeof key - 1;
        if ((st = rd_bytes(r, key, keep, "key")) != VRAM_OK ||
            (st = rd_skip(r, klen - keep, "key")) != VRAM_OK)
            return st;
        key[keep] = '\0';
        uint64_t tat = r->pos;
        if ((st = rd_u32(r, &type, "value type")) != VRAM_OK)
            return st;
        if (type >= T_COUNT)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: key \"%s\" has unknown value type "
                              "%u", ull(tat), key, type);
        bool full = klen == keep && strlen(key) == keep;
        st = full ? read_kv_value(c, key, kat, type) : skip_value(r, type, 0);
        if (st)
            return st;
    }
    return VRAM_OK;
}

/* ------------------------------------------------------------ tensors */

static vram_status read_tensors(ggctx *c)
{
    rd *r = &c->r;
    vram_status st;
    for (uint64_t i = 0; i < c->n_tensors; i++) {
        uint64_t at = r->pos, nlen;
        if ((st = rd_strlen(r, GG_MAX_NAME, "tensor name", &nlen)) != VRAM_OK)
            return st;
        if (c->n_t == c->t_cap) {
            uint64_t nc = c->t_cap ? c->t_cap * 2 : 64;
            tinfo *p = realloc(c->t, (size_t)nc * sizeof *p);
            if (!p)
                return nomem("tensor infos");
            c->t = p;
            c->t_cap = nc;
        }
        if (c->names_cap - c->names_len < nlen + 1) {
            size_t nc = c->names_cap ? c->names_cap * 2 : 4096;
            while (nc - c->names_len < nlen + 1)
                nc *= 2;
            char *p = realloc(c->names, nc);
            if (!p)
                return nomem("tensor names");
            c->names = p;
            c->names_cap = nc;
        }
        tinfo *t = &c->t[c->n_t];
        memset(t, 0, sizeof *t);
        char *name = c->names + c->names_len;
        if ((st = rd_bytes(r, name, (size_t)nlen, "tensor name")) != VRAM_OK)
            return st;
        name[nlen] = '\0';
        if (strlen(name) != nlen)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor name contains a NUL",
                              ull(at));
        t->name_off = (uint32_t)c->names_len;
        c->names_len += (size_t)nlen + 1;
        c->n_t++;

        if ((st = rd_u32(r, &t->n_dims, "n_dims")) != VRAM_OK)
            return st;
        if (t->n_dims > 4)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\" has %u dimensions, "
                              "at most 4", ull(at), name, t->n_dims);
        t->nelem = 1;
        for (uint32_t d = 0; d < 4; d++) {
            t->ne[d] = 1;
            if (d < t->n_dims && (st = rd_u64(r, &t->ne[d], "dimension")) != VRAM_OK)
                return st;
            if (t->ne[d] > (uint64_t)INT64_MAX || !vram__mul(t->nelem, t->ne[d], &t->nelem) ||
                t->nelem > (uint64_t)INT64_MAX)
                return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\": the product of "
                                  "its dimensions overflows int64", ull(at), name);
        }
        if ((st = rd_u32(r, &t->type, "ggml type")) != VRAM_OK)
            return st;
        const vram__ggml_type_info *ti = vram__ggml_type(t->type);
        if (!ti)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\" has unknown ggml type "
                              "%u", ull(at), name, t->type);
        if (t->ne[0] % ti->block_values != 0)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\" (%s): first dimension "
                              "%llu is not a multiple of the block size %u", ull(at), name,
                              ti->name, ull(t->ne[0]), ti->block_values);
        if (!vram__ggml_bytes(t->type, t->nelem, &t->nbytes))
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\": byte size overflows",
                              ull(at), name);
        if ((st = rd_u64(r, &t->offset, "tensor offset")) != VRAM_OK)
            return st;
        if (t->offset % c->alignment != 0)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\" offset %llu is not a "
                              "multiple of the alignment %u", ull(at), name, ull(t->offset),
                              c->alignment);
        if (t->offset + t->nbytes < t->offset)
            return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: tensor \"%s\" ends past 2^64",
                              ull(at), name);
    }
    return VRAM_OK;
}

static int cmp_offset(const void *a, const void *b)
{
    const tinfo *x = a, *y = b;
    return x->offset < y->offset ? -1 : x->offset > y->offset;
}

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Data section: aligned start, no overlaps, no duplicate names. */
static vram_status check_layout(ggctx *c)
{
    uint64_t a = c->alignment;
    c->data_start = c->r.pos;
    if (c->data_start % a && !vram__add(c->data_start, a - c->data_start % a, &c->data_start))
        return vram__fail(VRAM_E_PARSE, "gguf: data section start overflows");
    if (c->n_t == 0)
        return VRAM_OK;

    const char **nm = malloc((size_t)c->n_t * sizeof *nm);
    if (!nm)
        return nomem("tensor name index");
    for (uint64_t i = 0; i < c->n_t; i++)
        nm[i] = c->names + c->t[i].name_off;
    qsort(nm, (size_t)c->n_t, sizeof *nm, cmp_str);
    for (uint64_t i = 1; i < c->n_t; i++)
        if (strcmp(nm[i - 1], nm[i]) == 0) {
            vram_status st = vram__fail(VRAM_E_PARSE, "gguf: duplicate tensor name \"%s\"", nm[i]);
            free(nm);
            return st;
        }
    free(nm);

    /* Sorting by offset keeps the tensors' fields; names stay in the arena. */
    tinfo *s = malloc((size_t)c->n_t * sizeof *s);
    if (!s)
        return nomem("tensor offsets");
    memcpy(s, c->t, (size_t)c->n_t * sizeof *s);
    qsort(s, (size_t)c->n_t, sizeof *s, cmp_offset);
    c->data_end = 0;
    for (uint64_t i = 0; i < c->n_t; i++) {
        uint64_t e = s[i].offset + s[i].nbytes; /* no wrap: checked when read */
        if (i + 1 < c->n_t && e > s[i + 1].offset) {
            vram_status st = vram__fail(VRAM_E_PARSE, "gguf: tensors \"%s\" [%llu, %llu) and "
                                        "\"%s\" (offset %llu) overlap",
                                        c->names + s[i].name_off, ull(s[i].offset), ull(e),
                                        c->names + s[i + 1].name_off, ull(s[i + 1].offset));
            free(s);
            return st;
        }
        if (e > c->data_end)
            c->data_end = e;
    }
    free(s);
    uint64_t end;
    if (!vram__add(c->data_start, c->data_end, &end))
        return vram__fail(VRAM_E_PARSE, "gguf: tensor data ends past 2^64");
    if (c->r.f && end > c->r.end)
        return vram__fail(VRAM_E_PARSE, "gguf: truncated file: tensor data ends at byte %llu but "
                          "the file has %llu bytes", ull(end), ull(c->r.end));
    return VRAM_OK;
}

/* ------------------------------------------------------------ header */

static vram_status read_header(ggctx *c)
{
    rd *r = &c->r;
    uint8_t magic[4];
    vram_status st;
    if ((st = rd_bytes(r, magic, 4, "magic")) != VRAM_OK)
        return st;
    if (memcmp(magic, "GGUF", 4) != 0)
        return vram__fail(VRAM_E_PARSE, "gguf: byte 0: not a GGUF file (magic %02x %02x %02x %02x, "
                          "expected \"GGUF\")", magic[0], magic[1], magic[2], magic[3]);
    if ((st = rd_u32(r, &c->version, "version")) != VRAM_OK)
        return st;
    if (c->version == 1)
        return vram__fail(VRAM_E_PARSE, "gguf: byte 4: GGUF v1 is not supported (only v2 and v3; "
                          "re-convert the model with a current llama.cpp)");
    if (c->version != 0 && (c->version & 0xFFFFu) == 0)
        return vram__fail(VRAM_E_PARSE, "gguf: byte 4: version field 0x%08x: a big-endian GGUF "
                          "file, which is not supported", c->version);
    if (c->version != 2 && c->version != 3)
        return vram__fail(VRAM_E_PARSE, "gguf: byte 4: unsupported GGUF version %u (2 and 3 are)",
                          c->version);
    if ((st = rd_u64(r, &c->n_tensors, "tensor_count")) != VRAM_OK ||
        (st = rd_u64(r, &c->n_kv, "kv_count")) != VRAM_OK)
        return st;
    if (c->n_tensors > GG_MAX_TENSORS)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte 8: tensor_count %llu exceeds %llu",
                          ull(c->n_tensors), ull(GG_MAX_TENSORS));
    if (c->n_kv > GG_MAX_KV)
        return vram__fail(VRAM_E_LIMIT, "gguf: byte 16: kv_count %llu exceeds %llu", ull(c->n_kv),
                          ull(GG_MAX_KV));
    /* a KV pair takes at least 8 (key length) + 1 + 4 (type) + 1 bytes, a
     * tensor info 8 (name length) + 4 (n_dims) + 4 (type) + 8 (offset) */
    if ((st = rd_need(r, c->n_kv * 14 + c->n_tensors * 24, "the counted KV pairs and tensors")))
        return st;
    c->alignment = GG_DEFAULT_ALIGNMENT;
    if ((st = read_kvs(c)) != VRAM_OK || (st = read_tensors(c)) != VRAM_OK)
        return st;
    return check_layout(c);
}

/* ------------------------------------------------------- architectures */

/* How llama.cpp builds each architecture (src/llama-model.cpp): the module
 * naming family, norm and MLP defaults, parallel attention, and its sliding
 * window rule. */
enum swa_rule { SWA_NONE, SWA_IGNORED, SWA_FIXED };
typedef struct arch_row {
    const char *name;
    uint8_t family, norm, mlp;
    bool parallel, fused_gate_up;
    uint8_t swa;              /* enum swa_rule */
    uint32_t swa_period;      /* set_swa_pattern() argument */
    uint32_t swa_default;     /* window when the key is absent (0 = key required) */
} arch_row;

static const arch_row arches[] = {
    {"llama", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"mistral3", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"qwen2", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"qwen2moe", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"qwen3", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"qwen3moe", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    {"gemma", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0, 0},
    /* gemma2: n_swa = 4096 default, set_swa_pattern(2) */
    {"gemma2", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_FIXED, 2, 4096},
    /* gemma3: set_swa_pattern(6), sliding_window required */
    {"gemma3", VRAM_FAMILY_LLAMA, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_FIXED, 6, 0},
    /* phi3: "Phi SWA is currently disabled" (n_swa = 0) */
    {"phi3", VRAM_FAMILY_PHI3, VRAM_NORM_RMS, VRAM_MLP_GATED, false, true, SWA_IGNORED, 0, 0},
    {"falcon", VRAM_FAMILY_FALCON, VRAM_NORM_LAYER, VRAM_MLP_PLAIN, true, false, SWA_NONE, 0, 0},
    {"gpt2", VRAM_FAMILY_GPT2, VRAM_NORM_LAYER, VRAM_MLP_PLAIN, false, false, SWA_NONE, 0, 0},
    /* gptneox: parallel residual from use_parallel_residual */
    {"gptneox", VRAM_FAMILY_GPT_NEOX, VRAM_NORM_LAYER, VRAM_MLP_PLAIN, false, false, SWA_NONE, 0,
     0},
    {"mpt", VRAM_FAMILY_MPT, VRAM_NORM_LAYER, VRAM_MLP_PLAIN, false, false, SWA_NONE, 0, 0},
    {"deepseek2", VRAM_FAMILY_DEEPSEEK, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_NONE, 0,
     0},
    /* gpt-oss: period 2 unless sliding_window_pattern; sliding_window required */
    {"gpt-oss", VRAM_FAMILY_GPT_OSS, VRAM_NORM_RMS, VRAM_MLP_GATED, false, false, SWA_FIXED, 2, 0},
    /* command-r: Cohere LayerNorm (weight only), attention and MLP in parallel */
    {"command-r", VRAM_FAMILY_LLAMA, VRAM_NORM_LAYER, VRAM_MLP_GATED, true, false, SWA_NONE, 0, 0},
    /* cohere2: set_swa_pattern(4), sliding_window required */
    {"cohere2", VRAM_FAMILY_LLAMA, VRAM_NORM_LAYER, VRAM_MLP_GATED, true, false, SWA_FIXED, 4, 0},
    {"starcoder2", VRAM_FAMILY_LLAMA, VRAM_NORM_LAYER, VRAM_MLP_PLAIN, false, false, SWA_NONE, 0,
     0},
};

/* Facts gathered from the tensor names. */
typedef struct tfacts {
    bool qkv_bias, o_bias, mlp_bias, fused_qkv, gated, norm_bias, router_bias, sh_gate;
    bool has_output, has_output_norm, lm_head_bias, has_embd;
    uint64_t embd_rows, embd_width, pos_rows;
    uint64_t q_norm_elems;        /* attn_q_norm of the first layer that has one */
    uint64_t exp_width, sh_width; /* ffn_up_exps / ffn_up_shexp ne[1] */
    bool any_router;
    uint64_t router[VRAM__LAYER_WORDS];
    int64_t norm_layer;           /* layer whose norms were counted (-1 none) */
    uint32_t norms;
} tfacts;

/* "blk.<N>.<rest>": the layer number and the rest, or false. */
static bool layer_of(const char *name, uint64_t *layer, const char **rest)
{
    if (strncmp(name, "blk.", 4) != 0)
        return false;
    const char *p = name + 4;
    uint64_t v = 0;
    int digits = 0;
    while (*p >= '0' && *p <= '9' && digits < 10) {
        v = v * 10 + (uint64_t)(*p - '0');
        p++;
        digits++;
    }
    if (digits == 0 || *p != '.')
        return false;
    *layer = v;
    *rest = p + 1;
    return true;
}

static bool starts(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

static bool is_layer_norm_weight(const char *rest)
{
    size_t n = strlen(rest);
    static const char *const not_block_norms[] = {"attn_q_norm.weight", "attn_k_norm.weight",
                                                  "attn_q_a_norm.weight",
                                                  "attn_kv_a_norm.weight"};
    if (n < 7 || strcmp(rest + n - 7, ".weight") != 0 || !strstr(rest, "norm"))
        return false;
    for (size_t i = 0; i < sizeof not_block_norms / sizeof not_block_norms[0]; i++)
        if (strcmp(rest, not_block_norms[i]) == 0)
            return false;
    return true;
}

/* Sum the bytes per part and gather the structural facts. Byte sums cannot
 * wrap: the tensors do not overlap and all end below data_end < 2^64. Element
 * sums can (a block type holds up to ~5 values per byte) and are checked. */
static vram_status classify(const ggctx *c, uint64_t L, vram__file_weights *fw, tfacts *tf)
{
    uint64_t f32 = 0, f16 = 0, bf16 = 0;
    tf->norm_layer = -1;
    for (uint64_t i = 0; i < c->n_t; i++) {
        const tinfo *t = &c->t[i];
        const char *name = c->names + t->name_off, *rest;
        uint64_t layer;
        fw->total_bytes += t->nbytes;
        if (!vram__add(fw->params, t->nelem, &fw->params))
            return vram__fail(VRAM_E_PARSE, "gguf: the tensors' element count overflows 64 bits");
        if (t->type == 0)
            f32 += t->nelem;
        else if (t->type == 1)
            f16 += t->nelem;
        else if (t->type == 30)
            bf16 += t->nelem;

        if (layer_of(name, &layer, &rest)) {
            if (layer < L && layer < VRAM__MAX_LAYERS)
                fw->layer_bytes[layer] += t->nbytes;
            else
                fw->other_bytes += t->nbytes;
            if (!strcmp(rest, "attn_q.bias") || !strcmp(rest, "attn_k.bias") ||
                !strcmp(rest, "attn_v.bias") || !strcmp(rest, "attn_qkv.bias"))
                tf->qkv_bias = true;
            else if (!strcmp(rest, "attn_output.bias"))
                tf->o_bias = true;
            else if (!strcmp(rest, "attn_qkv.weight"))
                tf->fused_qkv = true;
            else if (!strcmp(rest, "attn_norm.bias"))
                tf->norm_bias = true;
            else if (!strcmp(rest, "attn_q_norm.weight") && !tf->q_norm_elems)
                tf->q_norm_elems = t->nelem;
            else if (!strcmp(rest, "ffn_gate_inp.weight")) {
                tf->any_router = true;
                if (layer < VRAM__MAX_LAYERS)
                    tf->router[layer / 64] |= UINT64_C(1) << (layer % 64);
            } else if (!strcmp(rest, "ffn_gate_inp.bias") || starts(rest, "exp_probs_b"))
                tf->router_bias = true;
            else if (!strcmp(rest, "ffn_gate_inp_shexp.weight"))
                tf->sh_gate = true;
            else if (!strcmp(rest, "ffn_up_shexp.weight"))
                tf->sh_width = t->ne[1];
            else if (!strcmp(rest, "ffn_up_exps.weight"))
                tf->exp_width = t->ne[1];
            if (starts(rest, "ffn_") && strstr(rest, ".bias") && !starts(rest, "ffn_gate_inp") &&
                !starts(rest, "ffn_norm"))
                tf->mlp_bias = true;
            if (starts(rest, "ffn_gate.") || starts(rest, "ffn_gate_exps.") ||
                starts(rest, "ffn_gate_shexp.") || starts(rest, "ffn_gate_up_exps."))
                tf->gated = true;
            if (is_layer_norm_weight(rest)) {
                if (tf->norm_layer < 0)
                    tf->norm_layer = (int64_t)layer;
                if ((uint64_t)tf->norm_layer == layer)
                    tf->norms++;
            }
        } else if (starts(name, "token_embd.") || starts(name, "position_embd.")) {
            fw->embed_bytes += t->nbytes;
            if (!strcmp(name, "token_embd.weight")) {
                tf->has_embd = true;
                tf->embd_width = t->ne[0];
                tf->embd_rows = t->ne[1];
            } else if (!strcmp(name, "position_embd.weight")) {
                tf->pos_rows = t->ne[1];
            }
        } else if (starts(name, "output.")) {
            fw->output_bytes += t->nbytes;
            if (!strcmp(name, "output.weight"))
                tf->has_output = true;
            else if (!strcmp(name, "output.bias"))
                tf->lm_head_bias = true;
        } else {
            fw->other_bytes += t->nbytes;
            if (!strcmp(name, "output_norm.weight"))
                tf->has_output_norm = true;
            else if (!strcmp(name, "output_norm.bias"))
                tf->norm_bias = true;
        }
    }
    /* the dominant float type by elements (ties: f16, then bf16, then f32) */
    fw->dtype = VRAM_DTYPE_F16;
    if (bf16 > f16 && bf16 >= f32)
        fw->dtype = VRAM_DTYPE_BF16;
    else if (f32 > f16 && f32 > bf16)
        fw->dtype = VRAM_DTYPE_F32;
    return VRAM_OK;
}

/* ---------------------------------------------------------- model build */

static const cap *find_cap(const ggctx *c, enum ak k)
{
    for (uint32_t i = 0; i < c->n_caps; i++)
        if (c->caps[i].key == k && strcmp(c->caps[i].prefix, c->arch) == 0)
            return &c->caps[i];
    return NULL;
}

/* A scalar key: *present false when absent. Arrays and non-integers fail. */
static vram_status get_scalar(const ggctx *c, enum ak k, uint64_t *v, bool *present)
{
    const cap *cp = find_cap(c, k);
    *present = false;
    if (!cp)
        return VRAM_OK;
    if (cp->array || cp->bad)
        return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: %s.%s must be a non-negative integer "
                          "scalar, is %s%s", ull(cp->pos), c->arch, ak_def[k].suffix,
                          cp->array ? "an array of " : "", type_name[cp->type]);
    *v = cp->u;
    *present = true;
    return VRAM_OK;
}

/* A scalar or per-layer key reduced to its largest non-zero value. */
static vram_status get_layered(const ggctx *c, enum ak k, uint64_t L, uint64_t *v, bool *present)
{
    const cap *cp = find_cap(c, k);
    *present = false;
    if (!cp || !cp->array)
        return get_scalar(c, k, v, present);
    if (cp->bad)
        return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: %s.%s: array elements must be "
                          "non-negative integers", ull(cp->pos), c->arch, ak_def[k].suffix);
    if (cp->n != L)
        return vram__fail(VRAM_E_PARSE, "gguf: byte %llu: %s.%s has %llu values for %llu layers",
                          ull(cp->pos), c->arch, ak_def[k].suffix, ull(cp->n), ull(L));
    *v = 0;
    for (uint64_t i = 0; i < cp->n; i++)
        if (cp->vals[i] > *v)
            *v = cp->vals[i];
    *present = true;
    return VRAM_OK;
}

/* Set a model key; a value the model refuses is a LIMIT naming the GGUF key. */
static vram_status set_key(vram_model *m, vram_model_key key, uint64_t v, const char *from)
{
    vram_status st = vram__model_set_nd(m, key, v);
    if (st == VRAM_OK)
        return st;
    char msg[VRAM__MSG_MAX];
    snprintf(msg, sizeof msg, "%s", vram_last_error());
    return vram__fail(VRAM_E_LIMIT, "gguf: %s = %llu: %s", from, ull(v), msg);
}

#define REQ(k, var)                                                                        \
    do {                                                                                   \
        bool p_;                                                                           \
        if ((st = get_scalar(c, (k), &(var), &p_)) != VRAM_OK)                             \
            return st;                                                                     \
        if (!p_)                                                                           \
            return vram__fail(VRAM_E_PARSE, "gguf: %s.%s is missing", c->arch,            \
                              ak_def[k].suffix);                                           \
    } while (0)

/* Copy general.name, cut at a UTF-8 character boundary (it already fits). */
static void set_name(vram_model *m, const char *name)
{
    char buf[VRAM__NAME_MAX];
    size_t n = strlen(name);
    memcpy(buf, name, n + 1);
    if (n == VRAM__NAME_MAX - 1) {
        /* possibly cut inside a multi-byte character: drop its partial bytes */
        size_t k = n;
        while (k > 0 && ((unsigned char)buf[k - 1] & 0xC0u) == 0x80u)
            k--;
        if (k > 0 && ((unsigned char)buf[k - 1] & 0x80u)) {
            unsigned char lead = (unsigned char)buf[k - 1];
            size_t want = (lead & 0xE0u) == 0xC0u ? 2 : (lead & 0xF0u) == 0xE0u ? 3
                          : (lead & 0xF8u) == 0xF0u ? 4 : 1;
            if (n - (k - 1) < want)
                n = k - 1;
        }
        buf[n] = '\0';
    }
    (void)vram_model_set_name(m, buf); /* fits: at most 127 bytes */
}

static vram_status build_model(const ggctx *c, vram_model *m)
{
    vram_status st;
    bool p;
    uint64_t L, h, a, k = 0, v;
    char from[GG_PREFIX + 48];

    if (!c->has_arch)
        return vram__fail(VRAM_E_PARSE, "gguf: general.architecture is missing");
    if (c->has_split && c->split_count > 1)
        return vram__fail(VRAM_E_UNSUPPORTED, "gguf: this is one shard of a split model "
                          "(split.count = %llu); merge the shards (llama-gguf-split --merge) "
                          "and read the merged file", ull(c->split_count));
    const arch_row *ar = NULL;
    for (size_t i = 0; i < sizeof arches / sizeof arches[0]; i++)
        if (strcmp(arches[i].name, c->arch) == 0)
            ar = &arches[i];

    REQ(K_BLOCK_COUNT, L);
    if (L == 0)
        return vram__fail(VRAM_E_PARSE, "gguf: %s.block_count is 0", c->arch);
    if (L > VRAM__MAX_LAYERS)
        return vram__fail(VRAM_E_LIMIT, "gguf: %s.block_count %llu exceeds %u layers", c->arch,
                          ull(L), VRAM__MAX_LAYERS);
    REQ(K_EMBEDDING_LENGTH, h);
    if ((st = get_layered(c, K_HEAD_COUNT, L, &a, &p)) != VRAM_OK)
        return st;
    if (!p || a == 0)
        return vram__fail(VRAM_E_PARSE, "gguf: %s.attention.head_count is missing or 0: "
                          "architecture \"%s\" has no attention this library models", c->arch,
                          c->arch);
    if ((st = get_layered(c, K_HEAD_COUNT_KV, L, &k, &p)) != VRAM_OK)
        return st;
    if (!p || k == 0)
        k = a; /* llama.cpp: n_head_kv defaults to n_head */

    vram__file_weights *fw = calloc(1, sizeof *fw);
    tfacts *tf = calloc(1, sizeof *tf);
    if (!fw || !tf) {
        free(fw);
        free(tf);
        return nomem("file weights");
    }
    fw->source = VRAM__FILE_GGUF;
    fw->gguf_ftype = c->has_file_type && c->file_type < UINT32_MAX ? (uint32_t)c->file_type
                                                                     : UINT32_MAX;
    if ((st = classify(c, L, fw, tf)) != VRAM_OK)
        goto out;
    bool quantized = false;
    for (uint64_t i = 0; i < c->n_t; i++)
        quantized |= vram__ggml_type(c->t[i].type)->block_values > 1;

#define SET(key, val, name)                                                                  \
    do {                                                                                     \
        snprintf(from, sizeof from, "%s.%s", c->arch, (name));                               \
        if ((st = set_key(m, (key), (val), from)) != VRAM_OK)                                 \
            goto out;                                                                        \
    } while (0)

    SET(VRAM_MODEL_NUM_LAYERS, L, "block_count");
    SET(VRAM_MODEL_HIDDEN_SIZE, h, "embedding_length");
    SET(VRAM_MODEL_NUM_HEADS, a, "attention.head_count");
    SET(VRAM_MODEL_NUM_KV_HEADS, k, "attention.head_count_kv");
    if ((st = get_layered(c, K_FFN_LENGTH, L, &v, &p)) != VRAM_OK)
        goto out;
    if (p)
        SET(VRAM_MODEL_INTERMEDIATE_SIZE, v, "feed_forward_length");
    if ((st = get_scalar(c, K_CONTEXT_LENGTH, &v, &p)) != VRAM_OK)
        goto out;
    if (p)
        SET(VRAM_MODEL_MAX_POSITION_EMBEDDINGS, v, "context_length");

    /* vocabulary: token_embd's rows, else <arch>.vocab_size, else the token list */
    uint64_t V = 0;
    if (tf->has_embd && tf->embd_width == h)
        V = tf->embd_rows;
    if (!V && (st = get_scalar(c, K_VOCAB_SIZE, &V, &p)) != VRAM_OK)
        goto out;
    if (!V && c->has_tokens)
        V = c->n_tokens;
    if (!V) {
        st = vram__fail(VRAM_E_PARSE, "gguf: the vocabulary size is unknown (no token_embd "
                        "tensor, %s.vocab_size or tokenizer.ggml.tokens)", c->arch);
        goto out;
    }
    SET(VRAM_MODEL_VOCAB_SIZE, V, "vocab_size");

    /* block structure: the architecture's defaults, refined by the tensors */
    uint64_t fam = ar ? ar->family : VRAM_FAMILY_LLAMA;
    uint64_t norm = ar ? ar->norm : tf->norm_bias ? VRAM_NORM_LAYER : VRAM_NORM_RMS;
    if (norm != VRAM_NORM_RMS)
        norm = tf->norm_bias ? VRAM_NORM_LAYER : VRAM_NORM_LAYER_NO_BIAS;
    uint64_t E = 0, e = 0;
    if ((st = get_scalar(c, K_EXPERT_COUNT, &E, &p)) != VRAM_OK ||
        (st = get_scalar(c, K_EXPERT_USED_COUNT, &e, &p)) != VRAM_OK)
        goto out;
    if (fam == VRAM_FAMILY_LLAMA && E > 0 && (!ar || !strcmp(ar->name, "llama")))
        fam = VRAM_FAMILY_MIXTRAL; /* llama-arch MoE files are Mixtral-style */
    SET(VRAM_MODEL_FAMILY, fam, "general.architecture");
    SET(VRAM_MODEL_NORM_KIND, norm, "attn_norm");
    SET(VRAM_MODEL_MLP_KIND, ar ? ar->mlp : tf->gated ? VRAM_MLP_GATED : VRAM_MLP_PLAIN,
        "ffn_gate");
    if (tf->norm_layer >= 0)
        SET(VRAM_MODEL_NORMS_PER_LAYER, tf->norms, "blk.*norm.weight");
    SET(VRAM_MODEL_QKV_BIAS, tf->qkv_bias, "attn_q.bias");
    SET(VRAM_MODEL_O_BIAS, tf->o_bias, "attn_output.bias");
    SET(VRAM_MODEL_MLP_BIAS, tf->mlp_bias, "ffn_*.bias");
    SET(VRAM_MODEL_FUSED_QKV, tf->fused_qkv, "attn_qkv.weight");
    SET(VRAM_MODEL_FUSED_GATE_UP, ar && ar->fused_gate_up, "ffn_up.weight");
    SET(VRAM_MODEL_LM_HEAD_BIAS, tf->lm_head_bias, "output.bias");
    SET(VRAM_MODEL_FINAL_NORM, tf->has_output_norm || c->n_t == 0, "output_norm.weight");
    if (c->n_t)
        SET(VRAM_MODEL_TIE_WORD_EMBEDDINGS, !tf->has_output, "output.weight");
    if (tf->pos_rows)
        SET(VRAM_MODEL_LEARNED_POSITIONS, tf->pos_rows, "position_embd.weight");
    bool par = ar && ar->parallel;
    if (ar && !strcmp(ar->name, "gptneox")) {
        if ((st = get_scalar(c, K_PARALLEL_RESIDUAL, &v, &p)) != VRAM_OK)
            goto out;
        par = p && v;
    }
    SET(VRAM_MODEL_PARALLEL_ATTN, par, "use_parallel_residual");

    /* attention shape */
    uint64_t kv_lora = 0;
    if ((st = get_scalar(c, K_KV_LORA_RANK, &kv_lora, &p)) != VRAM_OK)
        goto out;
    if (kv_lora) {
        uint64_t q_lora = 0, rope = 0, kl = 0, vl = 0;
        bool pk, pv;
        if ((st = get_scalar(c, K_Q_LORA_RANK, &q_lora, &p)) != VRAM_OK ||
            (st = get_scalar(c, K_ROPE_DIMS, &rope, &p)) != VRAM_OK)
            goto out;
        if ((st = get_scalar(c, K_KEY_LENGTH_MLA, &kl, &pk)) != VRAM_OK ||
            (st = get_scalar(c, K_VALUE_LENGTH_MLA, &vl, &pv)) != VRAM_OK)
            goto out;
        if (!pk && (st = get_scalar(c, K_KEY_LENGTH, &kl, &pk)) != VRAM_OK)
            goto out;
        if (!pv && (st = get_scalar(c, K_VALUE_LENGTH, &vl, &pv)) != VRAM_OK)
            goto out;
        if (!pk || !pv || !p || rope == 0 || kl <= rope || vl == 0) {
            st = vram__fail(VRAM_E_PARSE, "gguf: %s: MLA (kv_lora_rank %llu) needs "
                            "rope.dimension_count and key/value lengths with key > rope",
                            c->arch, ull(kv_lora));
            goto out;
        }
        SET(VRAM_MODEL_KV_LORA_RANK, kv_lora, "attention.kv_lora_rank");
        SET(VRAM_MODEL_Q_LORA_RANK, q_lora, "attention.q_lora_rank");
        SET(VRAM_MODEL_QK_ROPE_HEAD_DIM, rope, "rope.dimension_count");
        SET(VRAM_MODEL_QK_NOPE_HEAD_DIM, kl - rope, "attention.key_length");
        SET(VRAM_MODEL_V_HEAD_DIM, vl, "attention.value_length");
    } else {
        uint64_t d = 0, dv = 0;
        if ((st = get_scalar(c, K_KEY_LENGTH, &d, &p)) != VRAM_OK)
            goto out;
        if (p)
            SET(VRAM_MODEL_HEAD_DIM, d, "attention.key_length");
        if ((st = get_scalar(c, K_VALUE_LENGTH, &dv, &p)) != VRAM_OK)
            goto out;
        if (p)
            SET(VRAM_MODEL_V_HEAD_DIM, dv, "attention.value_length");
        if (!d)
            d = a && h % a == 0 ? h / a : 0;
        if (tf->q_norm_elems)
            SET(VRAM_MODEL_QK_NORM, tf->q_norm_elems == d ? 1 : 2, "attn_q_norm.weight");
    }

    /* experts */
    if (E) {
        uint64_t Im = 0, ns = 0, kd = 0, step = 0;
        SET(VRAM_MODEL_NUM_EXPERTS, E, "expert_count");
        SET(VRAM_MODEL_EXPERTS_PER_TOKEN, e, "expert_used_count");
        if ((st = get_scalar(c, K_EXPERT_FFN_LENGTH, &Im, &p)) != VRAM_OK)
            goto out;
        if (!Im)
            Im = tf->exp_width;
        if (Im)
            SET(VRAM_MODEL_MOE_INTERMEDIATE_SIZE, Im, "expert_feed_forward_length");
        if ((st = get_scalar(c, K_EXPERT_SHARED_COUNT, &ns, &p)) != VRAM_OK)
            goto out;
        if (!ns && tf->sh_width)
            ns = 1;
        if (ns)
            SET(VRAM_MODEL_NUM_SHARED_EXPERTS, ns, "expert_shared_count");
        if (tf->sh_width)
            SET(VRAM_MODEL_SHARED_INTERMEDIATE_SIZE, tf->sh_width, "ffn_up_shexp.weight");
        SET(VRAM_MODEL_SHARED_EXPERT_GATE, tf->sh_gate, "ffn_gate_inp_shexp.weight");
        SET(VRAM_MODEL_ROUTER_BIAS, tf->router_bias, "ffn_gate_inp.bias");
        if ((st = get_scalar(c, K_LEADING_DENSE, &kd, &p)) != VRAM_OK)
            goto out;
        if (kd)
            SET(VRAM_MODEL_FIRST_K_DENSE, kd, "leading_dense_block_count");
        if ((st = get_scalar(c, K_MOE_STEP, &step, &p)) != VRAM_OK)
            goto out;
        if (step)
            SET(VRAM_MODEL_MOE_LAYER_STEP, step, "interleave_moe_layer_step");
        if (tf->any_router) /* the routers say exactly which layers are MoE */
            for (uint32_t i = 0; i < L; i++) {
                uint64_t bit = UINT64_C(1) << (i % 64);
                m->mlp_explicit[i / 64] |= bit;
                if (tf->router[i / 64] & bit)
                    m->mlp_moe[i / 64] |= bit;
                else
                    m->mlp_moe[i / 64] &= ~bit;
            }
    }

    /* sliding window */
    if (ar ? ar->swa == SWA_FIXED : true) {
        uint64_t win = 0;
        const cap *pat = find_cap(c, K_SLIDING_PATTERN);
        if ((st = get_scalar(c, K_SLIDING_WINDOW, &win, &p)) != VRAM_OK)
            goto out;
        if (!p && ar) {
            if (!ar->swa_default) {
                st = vram__fail(VRAM_E_PARSE, "gguf: %s.attention.sliding_window is missing "
                                "(llama.cpp requires it for %s)", c->arch, c->arch);
                goto out;
            }
            win = ar->swa_default;
        }
        if (win) {
            SET(VRAM_MODEL_SLIDING_WINDOW, win, "attention.sliding_window");
            if (pat && pat->array) {
                if (pat->bad || pat->n != L) {
                    st = vram__fail(VRAM_E_PARSE, "gguf: byte %llu: %s.attention.sliding_window_"
                                    "pattern must hold %llu integers or bools", ull(pat->pos),
                                    c->arch, ull(L));
                    goto out;
                }
                for (uint32_t i = 0; i < L; i++) {
                    uint64_t bit = UINT64_C(1) << (i % 64);
                    m->attn_explicit[i / 64] |= bit;
                    if (pat->vals[i])
                        m->attn_sliding[i / 64] |= bit;
                    else
                        m->attn_sliding[i / 64] &= ~bit;
                }
            } else {
                uint64_t period = ar ? ar->swa_period : 0;
                if ((st = get_scalar(c, K_SLIDING_PATTERN, &period, &p)) != VRAM_OK)
                    goto out;
                SET(VRAM_MODEL_SLIDING_PATTERN, period, "attention.sliding_window_pattern");
            }
        }
    }

    /* checkpoint format */
    SET(VRAM_MODEL_WEIGHT_DTYPE, fw->dtype, "tensor types");
    SET(VRAM_MODEL_QUANT, quantized ? VRAM_QUANT_GGUF : VRAM_QUANT_NONE, "tensor types");
    if (c->has_name)
        set_name(m, c->name);
    if (c->n_t)
        vram__model_set_file_weights(m, fw);
    vram__model_derive(m);
    if (m->derived_status != VRAM_OK)
        st = vram__fail(VRAM_E_PARSE, "gguf: architecture \"%s\": %s", c->arch, m->derived_msg);
out:
#undef SET
    free(fw);
    free(tf);
    return st;
}

/* ---------------------------------------------------------------- API */

static vram_status from_ctx(ggctx *c, vram_model **out)
{
    vram_model *m = NULL;
    vram_status st = read_header(c);
    if (st == VRAM_OK)
        st = vram_model_create(&m);
    if (st == VRAM_OK)
        st = build_model(c, m);
    ctx_free(c);
    if (st != VRAM_OK) {
        vram_model_destroy(m);
        return st;
    }
    *out = m;
    return VRAM_OK;
}

VRAM_API vram_status vram_model_from_gguf_buffer(const void *data, size_t len, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_gguf_buffer: out is NULL");
    *out = NULL;
    if (!data)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_gguf_buffer: data is NULL");
    ggctx *c = calloc(1, sizeof *c);
    if (!c)
        return nomem("context");
    c->r.mem = data;
    c->r.end = len;
    return from_ctx(c, out);
}

VRAM_API vram_status vram_model_from_gguf_file(const char *path, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_gguf_file: out is NULL");
    *out = NULL;
    if (!path)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_gguf_file: path is NULL");
    ggctx *c = calloc(1, sizeof *c);
    if (!c)
        return nomem("context");
    c->r.f = fopen(path, "rb");
    if (!c->r.f) {
        ctx_free(c);
        return vram__fail(VRAM_E_IO, "gguf: cannot open \"%s\"", path);
    }
    struct stat sb;
    if (fstat(fileno(c->r.f), &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_size < 0) {
        ctx_free(c);
        return vram__fail(VRAM_E_IO, "gguf: \"%s\" is not a regular file", path);
    }
    c->r.end = (uint64_t)sb.st_size;
    c->r.win = malloc(GG_WINDOW);
    if (!c->r.win) {
        ctx_free(c);
        return nomem("read window");
    }
    return from_ctx(c, out);
}
