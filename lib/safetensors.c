/*
 * safetensors.c - a model from safetensors headers (never the tensor data).
 *
 * Format (huggingface/safetensors, safetensors/src/tensor.rs and
 * docs/source/index.mdx): an 8-byte little-endian header length N, N bytes
 * of UTF-8 JSON (an object of tensor name -> {dtype, shape, data_offsets}
 * plus an optional "__metadata__" object of strings), then the data
 * section. Like the reference implementation we refuse headers above
 * 100 MiB (MAX_HEADER_SIZE), check every tensor's byte length against its
 * shape and dtype, and require the tensors to tile the data section: sorted
 * by offset, the first starts at 0, each starts where the previous ends, and
 * the last ends at the data section's end (for a file; for a buffer when it
 * holds more than the header, see vram_model_from_safetensors_buffer).
 *
 * What the header gives, exactly: the bytes of every tensor, grouped into
 * per-layer bytes, embeddings, LM head and the rest (VLM towers, final
 * norm), and the parameter count, with packed quantized tensors unpacked
 * (GPTQ/AWQ qweight, bitsandbytes 4-bit uint8 weights, MXFP4 _blocks,
 * compressed-tensors weight_packed) and their metadata (scales, zeros,
 * g_idx, absmax, quant_map, quant_state, _scales, weight_scale...) counted
 * as bytes but not as parameters. Buffers that transformers rebuilds at load
 * (rotary inv_freq, GPT-2/GPT-J causal-mask attn.bias and masked_bias) are
 * in total_bytes only, and so is an LM head stored beside the embedding of a
 * model whose config ties them (transformers shares one matrix at load).
 *
 * What it does not give: the attention heads. q_proj is (heads x head_dim)
 * x hidden and head_dim is not in the tensor list, so the architecture
 * comes from the config.json beside the file when there is one (same
 * directory). Without one (and always for a buffer) a Llama-style
 * checkpoint is read from its tensor names and shapes when head_dim is
 * derivable: per-head q_norm (Qwen3, Gemma 3), rotary_emb.inv_freq (older
 * Llama checkpoints), or attention sinks (one per head); otherwise, and for
 * MoE checkpoints (experts per token is not in the tensors) and other
 * naming schemes, VRAM_E_INCOMPLETE says that config.json is needed.
 *
 * model.safetensors.index.json: metadata.total_size and the weight_map. When
 * every shard it names is beside it, each shard's header is read, every
 * listed tensor must be in its shard and total_size must equal the tensors'
 * bytes. When shards are missing, the config.json beside the index gives the
 * architecture; for an unquantized 16/32-bit checkpoint whose total_size
 * divides exactly, the parameter count comes from total_size (a tied
 * lm_head the weight_map lists is counted once: old transformers 4.27 .bin
 * indexes list it twice, see tests/test_params.c on Falcon).
 */
#include "json.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ST_MAX_HEADER ((uint64_t)100 << 20) /* bytes of one header (safetensors MAX_HEADER_SIZE is 100 MB) */
#define ST_MAX_DIMS 8u
#define ST_PATH_MAX 4096u

/* safetensors Dtype (safetensors/src/tensor.rs), with its width in bits. */
static const struct {
    const char *name;
    uint8_t bits;
    uint8_t vdtype; /* the vram_dtype of float tensors, else 0 */
} dtypes[] = {
    {"BOOL", 8, 0},  {"U8", 8, 0},      {"I8", 8, 0},       {"F8_E5M2", 8, 0},
    {"F8_E4M3", 8, 0}, {"F8_E8M0", 8, 0}, {"I16", 16, 0},   {"U16", 16, 0},
    {"F16", 16, VRAM_DTYPE_F16}, {"BF16", 16, VRAM_DTYPE_BF16}, {"I32", 32, 0}, {"U32", 32, 0},
    {"F32", 32, VRAM_DTYPE_F32}, {"F64", 64, 0}, {"I64", 64, 0}, {"U64", 64, 0},
    {"C64", 64, 0},  {"F4", 4, 0},      {"F6_E2M3", 6, 0},  {"F6_E3M2", 6, 0},
};
enum { DT_U8 = 1, DT_I32 = 10 }; /* indices of U8 and I32 above */

typedef struct tensor {
    const char *name;            /* in its shard's JSON document */
    uint64_t shape[ST_MAX_DIMS];
    uint64_t numel, bytes, begin, end;
    uint8_t ndim, dtype;
    uint32_t shard;
} tensor;

typedef struct tset {
    tensor *t;
    size_t n, cap;
    vram__jdoc **docs;           /* the headers the names live in */
    char **texts;                /* the text of docs[i] when read from a file (else NULL):
                                    a document needs its text for its error messages */
    size_t ndocs, capdocs;
} tset;

static void tset_free(tset *s)
{
    for (size_t i = 0; i < s->ndocs; i++) {
        vram__json_free(s->docs[i]);
        free(s->texts[i]);
    }
    free(s->docs);
    free(s->texts);
    free(s->t);
    memset(s, 0, sizeof *s);
}

static vram_status grow_tensors(tset *s)
{
    if (s->n < s->cap)
        return VRAM_OK;
    size_t nc = s->cap ? s->cap * 2 : 64;
    tensor *nt = realloc(s->t, nc * sizeof *nt);
    if (!nt)
        return vram__fail(VRAM_E_NOMEM, "safetensors: out of memory for %zu tensors", nc);
    s->t = nt;
    s->cap = nc;
    return VRAM_OK;
}

static vram_status grow_docs(tset *s)
{
    if (s->ndocs < s->capdocs)
        return VRAM_OK;
    size_t nc = s->capdocs ? s->capdocs * 2 : 8;
    vram__jdoc **nd = realloc(s->docs, nc * sizeof *nd);
    if (nd)
        s->docs = nd;
    char **nt = nd ? realloc(s->texts, nc * sizeof *nt) : NULL;
    if (nt)
        s->texts = nt;
    if (!nd || !nt)
        return vram__fail(VRAM_E_NOMEM, "safetensors: out of memory for %zu headers", nc);
    s->capdocs = nc;
    return VRAM_OK;
}

static uint64_t le64(const unsigned char *b)
{
    uint64_t v = 0;
    for (int i = 7; i >= 0; i--)
        v = (v << 8) | b[i];
    return v;
}

/* ------------------------------------------------------------- one header */

static int cmp_offset(const void *a, const void *b)
{
    const tensor *x = *(const tensor *const *)a, *y = *(const tensor *const *)b;
    if (x->begin != y->begin)
        return x->begin < y->begin ? -1 : 1;
    return x->end < y->end ? -1 : x->end > y->end;
}

static vram_status tensor_of(const vram__jdoc *d, const vram__jval *m, tensor *t)
{
    const char *what = vram__json_what(d);
    size_t klen;
    t->name = vram__json_key(d, m, &klen);
    if (strlen(t->name) != klen)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "tensor name contains a NUL character");
    if (m->type != VRAM__J_OBJECT)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "expected a tensor description object");
    const char *dt = NULL;
    vram_status st = vram__json_get_str(d, m, "dtype", &dt, NULL);
    if (st != VRAM_OK)
        return st;
    if (!dt)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "tensor has no dtype");
    t->dtype = UINT8_MAX;
    for (size_t i = 0; i < sizeof dtypes / sizeof dtypes[0]; i++)
        if (strcmp(dtypes[i].name, dt) == 0)
            t->dtype = (uint8_t)i;
    if (t->dtype == UINT8_MAX)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "unknown dtype \"%s\"", dt);
    const vram__jval *shape = vram__json_get(d, m, "shape");
    if (!shape || shape->type != VRAM__J_ARRAY)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "tensor has no shape list");
    if (shape->count > ST_MAX_DIMS)
        return vram__json_fail_at(d, shape, VRAM_E_LIMIT, "%u dimensions, at most %u supported",
                                  shape->count, ST_MAX_DIMS);
    t->ndim = (uint8_t)shape->count;
    t->numel = 1;
    bool ovf = false;
    unsigned k = 0;
    for (const vram__jval *e = vram__json_child(d, shape); e; e = vram__json_next(d, e), k++) {
        if ((st = vram__json_as_u64(d, e, &t->shape[k])) != VRAM_OK)
            return st;
        t->numel = vram__sat_mul(t->numel, t->shape[k], &ovf);
    }
    uint64_t bits = vram__sat_mul(t->numel, dtypes[t->dtype].bits, &ovf);
    if (ovf)
        return vram__json_fail_at(d, shape, VRAM_E_OVERFLOW, "the tensor's size overflows 64 bits");
    if (bits % 8)
        return vram__json_fail_at(d, shape, VRAM_E_PARSE, "%llu values of %s are not whole bytes",
                                  (unsigned long long)t->numel, dt);
    t->bytes = bits / 8;
    const vram__jval *off = vram__json_get(d, m, "data_offsets");
    if (!off || off->type != VRAM__J_ARRAY || off->count != 2)
        return vram__json_fail_at(d, m, VRAM_E_PARSE, "data_offsets must be [begin, end]");
    const vram__jval *b = vram__json_child(d, off);
    if ((st = vram__json_as_u64(d, b, &t->begin)) != VRAM_OK ||
        (st = vram__json_as_u64(d, vram__json_next(d, b), &t->end)) != VRAM_OK)
        return st;
    if (t->end < t->begin)
        return vram__json_fail_at(d, off, VRAM_E_PARSE, "data_offsets end %llu is before begin %llu",
                                  (unsigned long long)t->end, (unsigned long long)t->begin);
    if (t->end - t->begin != t->bytes)
        return vram__json_fail_at(d, off, VRAM_E_PARSE,
                                  "data_offsets span %llu bytes, but %s of %llu values needs %llu",
                                  (unsigned long long)(t->end - t->begin), dt,
                                  (unsigned long long)t->numel, (unsigned long long)t->bytes);
    (void)what;
    return VRAM_OK;
}

/* Parse one header's JSON into s (data_size: the data section's bytes, or
 * UINT64_MAX when unknown). */
static vram_status add_header(tset *s, const char *json, size_t n, const char *what,
                              uint64_t data_size, uint32_t shard)
{
    vram__jdoc *d = NULL;
    vram_status st = vram__json_parse(json, n, ST_MAX_HEADER, what, &d);
    if (st != VRAM_OK)
        return st;
    if ((st = grow_docs(s)) != VRAM_OK) {
        vram__json_free(d);
        return st;
    }
    s->texts[s->ndocs] = NULL;
    s->docs[s->ndocs++] = d;
    const vram__jval *root = vram__json_root(d);
    if (root->type != VRAM__J_OBJECT)
        return vram__fail(VRAM_E_PARSE, "%s: byte 0: the header must be a JSON object", what);
    size_t first = s->n;
    for (const vram__jval *m = vram__json_child(d, root); m; m = vram__json_next(d, m)) {
        if (strcmp(vram__json_key(d, m, NULL), "__metadata__") == 0) {
            if (m->type != VRAM__J_OBJECT)
                return vram__json_fail_at(d, m, VRAM_E_PARSE, "expected an object of strings");
            for (const vram__jval *x = vram__json_child(d, m); x; x = vram__json_next(d, x))
                if (x->type != VRAM__J_STRING)
                    return vram__json_fail_at(d, x, VRAM_E_PARSE, "metadata values must be strings");
            continue;
        }
        if ((st = grow_tensors(s)) != VRAM_OK)
            return st;
        tensor *t = &s->t[s->n];
        memset(t, 0, sizeof *t);
        if ((st = tensor_of(d, m, t)) != VRAM_OK)
            return st;
        t->shard = shard;
        s->n++;
    }
    /* the tensors tile the data section */
    size_t cnt = s->n - first;
    if (cnt == 0)
        return VRAM_OK;
    tensor **order = malloc(cnt * sizeof *order);
    if (!order)
        return vram__fail(VRAM_E_NOMEM, "%s: out of memory", what);
    for (size_t i = 0; i < cnt; i++)
        order[i] = &s->t[first + i];
    qsort(order, cnt, sizeof *order, cmp_offset);
    uint64_t at = 0;
    st = VRAM_OK;
    for (size_t i = 0; i < cnt && st == VRAM_OK; i++) {
        const tensor *t = order[i];
        if (t->begin < at)
            st = vram__fail(VRAM_E_PARSE, "%s: tensor \"%s\" (bytes %llu..%llu) overlaps \"%s\"",
                            what, t->name, (unsigned long long)t->begin,
                            (unsigned long long)t->end, order[i - 1]->name);
        else if (t->begin > at)
            st = vram__fail(VRAM_E_PARSE, "%s: %llu unused bytes before tensor \"%s\" at %llu",
                            what, (unsigned long long)(t->begin - at), t->name,
                            (unsigned long long)t->begin);
        at = t->end;
    }
    free(order);
    if (st == VRAM_OK && data_size != UINT64_MAX && at != data_size)
        st = vram__fail(VRAM_E_PARSE, "%s: the tensors end at byte %llu of a data section of %llu "
                        "bytes (%s)", what, (unsigned long long)at, (unsigned long long)data_size,
                        at > data_size ? "truncated file or offsets out of bounds" : "unused bytes at the end");
    return st;
}

/* The header of a buffer: 8-byte length, the JSON, then optionally the data. */
static vram_status add_buffer(tset *s, const unsigned char *p, size_t len, const char *what,
                              uint32_t shard)
{
    if (len < 8)
        return vram__fail(VRAM_E_PARSE, "%s: %zu bytes, too short for the 8-byte header length",
                          what, len);
    uint64_t n = le64(p);
    if (n > ST_MAX_HEADER)
        return vram__fail(VRAM_E_LIMIT, "%s: header length %llu is more than the %llu-byte limit",
                          what, (unsigned long long)n, (unsigned long long)ST_MAX_HEADER);
    if (n > len - 8)
        return vram__fail(VRAM_E_PARSE, "%s: header length %llu exceeds the %zu bytes after it",
                          what, (unsigned long long)n, len - 8);
    uint64_t data = len - 8 - n == 0 ? UINT64_MAX : len - 8 - n;
    return add_header(s, (const char *)p + 8, (size_t)n, what, data, shard);
}

/* The header of a file: the data section's size comes from the file size. */
static vram_status add_file(tset *s, const char *path, uint32_t shard)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    FILE *f = fopen(path, "rb");
    if (!f)
        return vram__fail(VRAM_E_IO, "cannot open %s", path);
    vram_status st = VRAM_OK;
    unsigned char lenb[8];
    char *json = NULL;
    long long size = -1;
    if (fseeko(f, 0, SEEK_END) == 0)
        size = (long long)ftello(f);
    if (size < 0 || fseeko(f, 0, SEEK_SET) != 0) {
        st = vram__fail(VRAM_E_IO, "cannot read the size of %s", path);
        goto done;
    }
    if (size < 8 || fread(lenb, 1, 8, f) != 8) {
        st = vram__fail(VRAM_E_PARSE, "%s: %lld bytes, too short for the 8-byte header length",
                        base, size);
        goto done;
    }
    uint64_t n = le64(lenb);
    if (n > ST_MAX_HEADER) {
        st = vram__fail(VRAM_E_LIMIT, "%s: header length %llu is more than the %llu-byte limit",
                        base, (unsigned long long)n, (unsigned long long)ST_MAX_HEADER);
        goto done;
    }
    if (n > (uint64_t)size - 8) {
        st = vram__fail(VRAM_E_PARSE, "%s: header length %llu exceeds the file (%lld bytes)", base,
                        (unsigned long long)n, size);
        goto done;
    }
    json = malloc(n ? (size_t)n : 1);
    if (!json) {
        st = vram__fail(VRAM_E_NOMEM, "%s: out of memory for a %llu-byte header", base,
                        (unsigned long long)n);
        goto done;
    }
    if (fread(json, 1, (size_t)n, f) != n) {
        st = vram__fail(VRAM_E_IO, "error reading the header of %s", path);
        goto done;
    }
    size_t before = s->ndocs;
    st = add_header(s, json, (size_t)n, base, (uint64_t)size - 8 - n, shard);
    if (s->ndocs > before) { /* the document was kept: its text lives as long */
        s->texts[s->ndocs - 1] = json;
        json = NULL;
    }
done:
    free(json);
    fclose(f);
    return st;
}

/* ------------------------------------------------------- name utilities */

static int cmp_name(const void *a, const void *b)
{
    return strcmp(((const tensor *)a)->name, ((const tensor *)b)->name);
}

static const tensor *find(const tset *s, const char *name)
{
    tensor key;
    key.name = name;
    if (s->n == 0)
        return NULL; /* s->t is NULL: bsearch and qsort need a real array */
    return bsearch(&key, s->t, s->n, sizeof *s->t, cmp_name);
}

static const tensor *findf(const tset *s, const char *fmt, ...) VRAM__PRINTF(2, 3);
static const tensor *findf(const tset *s, const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof buf)
        return NULL;
    return find(s, buf);
}

static bool ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && memcmp(s + n - k, suffix, k) == 0;
}

/* The sibling of a tensor: the name with its last suffix replaced. */
static const tensor *sibling(const tset *s, const char *name, const char *suffix,
                             const char *repl)
{
    size_t n = strlen(name), k = strlen(suffix);
    if (n < k || n - k > 400)
        return NULL;
    return findf(s, "%.*s%s", (int)(n - k), name, repl);
}

/* Vision towers, projectors, audio: outside the language model. */
static bool is_extra(const char *name)
{
    return strstr(name, "vision") || strstr(name, "visual") || strstr(name, "multi_modal_projector") ||
           strstr(name, "mm_projector") || strstr(name, "image_newline") || strstr(name, "audio") ||
           strncmp(name, "mlp1.", 5) == 0 || strncmp(name, "vpm.", 4) == 0;
}

/* The decoder layer of a name (".layers.N.", "h.N.", ".blocks.N.", ".layer.N."),
 * or -1. */
static long layer_of(const char *name)
{
    static const char *const words[] = {"layers.", "h.", "blocks.", "layer."};
    for (const char *p = name; *p; p++) {
        if (p != name && p[-1] != '.')
            continue;
        for (size_t w = 0; w < sizeof words / sizeof words[0]; w++) {
            size_t k = strlen(words[w]);
            if (strncmp(p, words[w], k) != 0)
                continue;
            const char *q = p + k;
            long v = 0;
            int digits = 0;
            while (*q >= '0' && *q <= '9' && digits < 9) {
                v = v * 10 + (*q - '0');
                q++;
                digits++;
            }
            if (digits && *q == '.')
                return v;
        }
    }
    return -1;
}

/* Non-parameter buffers transformers rebuilds at load time. */
static bool is_buffer(const tensor *t)
{
    const char *n = t->name;
    if (ends_with(n, ".inv_freq") || ends_with(n, ".masked_bias") || ends_with(n, "position_ids"))
        return true;
    /* causal masks [1, 1, P, P] named like a bias (GPT-2, GPT-J, old GPT-NeoX) */
    return (ends_with(n, ".attn.bias") || ends_with(n, ".attention.bias")) && t->ndim >= 3;
}

/* Quantization metadata: bytes, not parameters. */
static bool is_quant_meta(const char *n)
{
    static const char *const suffixes[] = {
        ".qzeros", ".scales", ".g_idx", ".absmax", ".quant_map", ".nested_absmax",
        ".nested_quant_map", ".SCB", ".weight_format", ".weight_scale", ".weight_scale_inv",
        ".input_scale", ".weight_zero_point", ".weight_shape", ".weight_g_idx", ".k_scale",
        ".v_scale", ".output_scale", ".weight_global_scale", ".input_global_scale", "_scales",
    };
    if (strstr(n, ".quant_state."))
        return true;
    for (size_t i = 0; i < sizeof suffixes / sizeof suffixes[0]; i++)
        if (ends_with(n, suffixes[i]))
            return true;
    return false;
}

static bool is_embedding(const char *n)
{
    static const char *const e[] = {"embed_tokens.weight", "wte.weight", "wpe.weight",
                                    "word_embeddings.weight", "embed_in.weight",
                                    "tok_embeddings.weight", "embed_positions.weight",
                                    "wte.embedding", "wte.new_embedding"};
    size_t len = strlen(n);
    for (size_t i = 0; i < sizeof e / sizeof e[0]; i++) {
        size_t k = strlen(e[i]);
        if (ends_with(n, e[i]) && (len == k || n[len - k - 1] == '.'))
            return true;
    }
    return false;
}

static bool is_output(const char *n)
{
    return strcmp(n, "lm_head.weight") == 0 || strcmp(n, "lm_head.bias") == 0 ||
           ends_with(n, ".lm_head.weight") || ends_with(n, ".lm_head.bias") ||
           strcmp(n, "embed_out.weight") == 0 || ends_with(n, ".embed_out.weight") ||
           strcmp(n, "output.weight") == 0 || ends_with(n, "transformer.ff_out.weight");
}

/* ------------------------------------------------------------ parameters */

typedef struct ctx {
    tset *s;
    const char *what;
    uint64_t bits;            /* quantization bits from the config (0 = unknown) */
    uint64_t layers;          /* decoder layers the model loads (0 = all found) */
    bool tied;                /* the config ties the LM head to the embedding */
} ctx;

/* Parameters a tensor stands for (packed values unpacked). */
static vram_status params_of(const ctx *c, const tensor *t, uint64_t *out)
{
    const tset *s = c->s;
    const char *n = t->name;
    bool ovf = false;
    *out = 0;
    if (is_buffer(t) || is_quant_meta(n))
        return VRAM_OK;
    if (ends_with(n, ".qweight") && t->dtype == DT_I32 && t->ndim == 2) {
        /* GPTQ qweight [in*b/32, out] beside scales [groups, out] and g_idx
         * [in]; AWQ qweight [in, out*b/32] beside scales [groups, out] */
        const tensor *sc = sibling(s, n, ".qweight", ".scales");
        const tensor *gi = sibling(s, n, ".qweight", ".g_idx");
        if (!sc || sc->ndim != 2)
            return vram__fail(VRAM_E_INCOMPLETE, "%s: %s has no 2-D scales beside it", c->what, n);
        uint64_t cols = sc->shape[1];
        if (t->shape[1] == cols) {
            uint64_t in;
            if (gi && gi->ndim == 1)
                in = gi->shape[0];
            else if (c->bits) {
                /* GPTQ packs densely: in / 32 x bits int32 rows (3 bits: 3 rows
                 * per 32 inputs), so in = rows x 32 / bits */
                uint64_t packed = vram__sat_mul(t->shape[0], 32, &ovf);
                if (packed % c->bits)
                    return vram__fail(VRAM_E_PARSE, "%s: %s has %llu packed rows, not a whole "
                                      "number of %u-bit inputs", c->what, n,
                                      (unsigned long long)t->shape[0], (unsigned)c->bits);
                in = packed / c->bits;
            } else
                return vram__fail(VRAM_E_INCOMPLETE, "%s: %s: the packed width needs g_idx or "
                                  "quantization_config.bits (config.json)", c->what, n);
            *out = vram__sat_mul(in, cols, &ovf);
        } else {
            *out = vram__sat_mul(t->shape[0], cols, &ovf);
        }
    } else if (ends_with(n, ".weight_packed") && t->dtype == DT_I32 && t->ndim == 2) {
        /* compressed-tensors pack-quantized [out, ceil(in / (32 / b))]: whole
         * values per int32 (pack_factor 32 // num_bits; 3 bits store 10) */
        if (!c->bits)
            return vram__fail(VRAM_E_INCOMPLETE, "%s: %s: the packed width needs "
                              "quantization_config num_bits (config.json)", c->what, n);
        *out = vram__sat_mul(vram__sat_mul(t->shape[0], t->shape[1], &ovf), 32 / c->bits, &ovf);
    } else if (ends_with(n, "_blocks") && t->dtype == DT_U8) {
        *out = vram__sat_mul(t->numel, 2, &ovf); /* MXFP4: two values a byte */
    } else if (t->dtype == DT_U8 && (sibling(s, n, "", ".absmax") ||
                                     sibling(s, n, "", ".quant_state.bitsandbytes__nf4") ||
                                     sibling(s, n, "", ".quant_state.bitsandbytes__fp4"))) {
        *out = vram__sat_mul(t->numel, 2, &ovf); /* bitsandbytes 4-bit: two values a byte */
    } else {
        *out = t->numel;
    }
    if (ovf)
        return vram__fail(VRAM_E_OVERFLOW, "%s: %s: parameter count overflows", c->what, n);
    return VRAM_OK;
}

/* Fill fw from the tensors (s sorted by name). */
static vram_status weigh(const ctx *c, vram__file_weights *fw, long *max_layer)
{
    const tset *s = c->s;
    uint64_t float_bytes[VRAM_DTYPE_BF16 + 1] = {0};
    bool ovf = false;
    memset(fw, 0, sizeof *fw);
    fw->source = VRAM__FILE_SAFETENSORS;
    fw->gguf_ftype = UINT32_MAX;
    *max_layer = -1;
    for (size_t i = 0; i < s->n; i++) {
        const tensor *t = &s->t[i];
        fw->total_bytes = vram__sat_add(fw->total_bytes, t->bytes, &ovf);
        if (dtypes[t->dtype].vdtype)
            float_bytes[dtypes[t->dtype].vdtype] += t->bytes;
        if (is_buffer(t))
            continue;
        long L = is_extra(t->name) ? -1 : layer_of(t->name);
        if (L >= 0 && c->layers && (uint64_t)L >= c->layers)
            continue; /* e.g. DeepSeek-V3's MTP layer: in the file, not in the model */
        /* a tied head saved as its own tensor (safetensors cannot share
         * storage; old .bin indexes list it too): transformers ties it to
         * the embedding at load, so it is neither memory nor a parameter */
        if (L < 0 && c->tied && !is_extra(t->name) && is_output(t->name) &&
            !ends_with(t->name, ".bias"))
            continue;
        uint64_t p;
        vram_status st = params_of(c, t, &p);
        if (st != VRAM_OK)
            return st;
        fw->params = vram__sat_add(fw->params, p, &ovf);
        if (L >= 0) {
            if (L >= (long)VRAM__MAX_LAYERS)
                return vram__fail(VRAM_E_LIMIT, "%s: tensor %s is in layer %ld, at most %u layers",
                                  c->what, t->name, L, VRAM__MAX_LAYERS);
            fw->layer_bytes[L] = vram__sat_add(fw->layer_bytes[L], t->bytes, &ovf);
            if (L > *max_layer)
                *max_layer = L;
        } else if (!is_extra(t->name) && is_embedding(t->name)) {
            fw->embed_bytes = vram__sat_add(fw->embed_bytes, t->bytes, &ovf);
        } else if (!is_extra(t->name) && is_output(t->name)) {
            fw->output_bytes = vram__sat_add(fw->output_bytes, t->bytes, &ovf);
        } else {
            fw->other_bytes = vram__sat_add(fw->other_bytes, t->bytes, &ovf);
        }
    }
    if (ovf)
        return vram__fail(VRAM_E_OVERFLOW, "%s: the tensor bytes overflow 64 bits", c->what);
    fw->dtype = VRAM_DTYPE_BF16;
    uint64_t best = 0;
    for (unsigned d = VRAM_DTYPE_F32; d <= VRAM_DTYPE_BF16; d++)
        if (float_bytes[d] > best) {
            best = float_bytes[d];
            fw->dtype = (vram_dtype)d;
        }
    return VRAM_OK;
}

/* -------------------------------------------- architecture from the names */

#define SETK(key, val)                                                                        \
    do {                                                                                      \
        vram_status st_ = vram__model_set_nd(m, VRAM_MODEL_##key, (val));                     \
        if (st_ != VRAM_OK)                                                                   \
            return st_;                                                                       \
    } while (0)

static vram_status need_heads(const char *what, const tensor *q)
{
    return vram__fail(VRAM_E_INCOMPLETE,
                      "%s: the attention heads are not derivable from the tensors (%s is %llu x "
                      "%llu; head_dim is unknown): put the model's config.json beside the file",
                      what, q->name, (unsigned long long)q->shape[0], (unsigned long long)q->shape[1]);
}

/* A Llama-style checkpoint read from its tensors alone. */
static vram_status infer(const ctx *c, long max_layer, vram_model *m)
{
    const tset *s = c->s;
    const char *what = c->what;
    const tensor *emb = NULL;
    for (size_t i = 0; i < s->n && !emb; i++)
        if (!is_extra(s->t[i].name) && ends_with(s->t[i].name, "embed_tokens.weight"))
            emb = &s->t[i];
    if (!emb || emb->ndim != 2)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: no Llama-style token embedding "
                          "(model.embed_tokens.weight) to read the architecture from: put the "
                          "model's config.json beside the file", what);
    char pre[256];
    size_t pl = strlen(emb->name) - strlen("embed_tokens.weight");
    if (pl >= sizeof pre - 64)
        return vram__fail(VRAM_E_LIMIT, "%s: tensor name %s is too long", what, emb->name);
    memcpy(pre, emb->name, pl);
    pre[pl] = '\0';
    uint64_t V = emb->shape[0], h = emb->shape[1];
    if (max_layer < 0)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: no decoder layers (%slayers.N.*) found", what, pre);
    uint64_t L = (uint64_t)max_layer + 1;
    const tensor *q = findf(s, "%slayers.0.self_attn.q_proj.weight", pre);
    const tensor *k = findf(s, "%slayers.0.self_attn.k_proj.weight", pre);
    const tensor *o = findf(s, "%slayers.0.self_attn.o_proj.weight", pre);
    if (!q || !k || !o || q->ndim != 2 || k->ndim != 2 || q->shape[1] != h)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: no Llama-style attention (%slayers.0.self_attn."
                          "q_proj.weight) to read the architecture from (a quantized or "
                          "differently named checkpoint): put the model's config.json beside the "
                          "file", what, pre);
    if (findf(s, "%slayers.0.mlp.gate.weight", pre) || findf(s, "%slayers.0.mlp.router.weight", pre) ||
        findf(s, "%slayers.0.block_sparse_moe.gate.weight", pre))
        return vram__fail(VRAM_E_INCOMPLETE, "%s: a mixture-of-experts checkpoint: experts per "
                          "token are not in the tensors; put the model's config.json beside the file",
                          what);
    uint64_t qo = q->shape[0], ko = k->shape[0], d = 0, a = 0;
    const tensor *qn = findf(s, "%slayers.0.self_attn.q_norm.weight", pre);
    const tensor *inv = findf(s, "%slayers.0.self_attn.rotary_emb.inv_freq", pre);
    const tensor *sinks = findf(s, "%slayers.0.self_attn.sinks", pre);
    int qk = 0;
    if (qn && qn->ndim == 1 && qn->shape[0] < qo) {
        d = qn->shape[0];
        qk = 1;
    } else if (sinks && sinks->ndim == 1 && sinks->shape[0]) {
        a = sinks->shape[0];
        d = qo / a;
    } else if (inv && inv->ndim == 1) {
        d = 2 * inv->shape[0];
    }
    if (qn && qn->ndim == 1 && qn->shape[0] == qo)
        qk = 2;
    if (!d || qo % d || ko % d)
        return need_heads(what, q);
    a = qo / d;
    SETK(NUM_LAYERS, L);
    SETK(HIDDEN_SIZE, h);
    SETK(VOCAB_SIZE, V);
    SETK(NUM_HEADS, a);
    SETK(NUM_KV_HEADS, ko / d);
    SETK(HEAD_DIM, d);
    if (qk)
        SETK(QK_NORM, qk);
    SETK(QKV_BIAS, findf(s, "%slayers.0.self_attn.q_proj.bias", pre) != NULL);
    SETK(O_BIAS, findf(s, "%slayers.0.self_attn.o_proj.bias", pre) != NULL);
    const tensor *g = findf(s, "%slayers.0.mlp.gate_proj.weight", pre);
    const tensor *u = findf(s, "%slayers.0.mlp.up_proj.weight", pre);
    if (!u || u->ndim != 2)
        return vram__fail(VRAM_E_INCOMPLETE, "%s: no %slayers.0.mlp.up_proj.weight: put the "
                          "model's config.json beside the file", what, pre);
    SETK(INTERMEDIATE_SIZE, u->shape[0]);
    SETK(MLP_KIND, g ? VRAM_MLP_GATED : VRAM_MLP_PLAIN);
    SETK(MLP_BIAS, findf(s, "%slayers.0.mlp.up_proj.bias", pre) != NULL);
    /* norms of one layer: every *norm.weight but the q/k norms */
    uint64_t norms = 0;
    bool ln_bias = false;
    char lp[300];
    snprintf(lp, sizeof lp, "%slayers.0.", pre);
    for (size_t i = 0; i < s->n; i++) {
        const char *n = s->t[i].name;
        if (strncmp(n, lp, strlen(lp)) != 0 || strchr(n + strlen(lp), '.') == NULL)
            continue;
        const char *rest = n + strlen(lp);
        if (strstr(rest, "q_norm") || strstr(rest, "k_norm"))
            continue;
        if (ends_with(rest, "norm.weight") || ends_with(rest, "layernorm.weight"))
            norms++;
        if (ends_with(rest, "norm.bias"))
            ln_bias = true;
    }
    SETK(NORMS_PER_LAYER, norms);
    if (ln_bias)
        SETK(NORM_KIND, VRAM_NORM_LAYER);
    SETK(FINAL_NORM, findf(s, "%snorm.weight", pre) != NULL);
    bool head = false;
    for (size_t i = 0; i < s->n && !head; i++)
        head = !is_extra(s->t[i].name) && ends_with(s->t[i].name, "lm_head.weight");
    SETK(TIE_WORD_EMBEDDINGS, !head);
    if (sinks)
        SETK(FAMILY, VRAM_FAMILY_GPT_OSS);
    return VRAM_OK;
}

/* ------------------------------------------------------------ assembling */

/* The directory part of a path with a file name appended. */
static vram_status beside(const char *path, const char *file, char *out, size_t cap)
{
    const char *slash = strrchr(path, '/');
    size_t dl = slash ? (size_t)(slash - path) + 1 : 0;
    if (dl + strlen(file) + 1 > cap)
        return vram__fail(VRAM_E_LIMIT, "path %s is too long", path);
    memcpy(out, path, dl);
    strcpy(out + dl, file);
    return VRAM_OK;
}

static bool exists(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f)
        fclose(f);
    return f != NULL;
}

/* From the merged tensors of one model, with or without a config. */
static vram_status finish(tset *s, const char *what, const char *config_path, vram_model **out)
{
    vram_model *m = NULL;
    vram_status st;
    if (s->n)
        qsort(s->t, s->n, sizeof *s->t, cmp_name);
    for (size_t i = 1; i < s->n; i++)
        if (strcmp(s->t[i - 1].name, s->t[i].name) == 0)
            return vram__fail(VRAM_E_PARSE, "%s: tensor \"%s\" appears in two shards", what,
                              s->t[i].name);
    ctx c = {s, what, 0, 0, false};
    if (config_path) {
        if ((st = vram_model_from_hf_config_file(config_path, &m)) != VRAM_OK)
            return st;
        c.bits = m->v[VRAM__M_QUANT_BITS];
        c.layers = m->v[VRAM__M_NUM_LAYERS];
        c.tied = m->v[VRAM__M_TIE] != 0;
    }
    vram__file_weights *fw = malloc(sizeof *fw);
    if (!fw) {
        vram_model_destroy(m);
        return vram__fail(VRAM_E_NOMEM, "%s: out of memory", what);
    }
    long max_layer;
    if ((st = weigh(&c, fw, &max_layer)) != VRAM_OK)
        goto fail;
    if (m) {
        /* the file must hold the whole model the config describes */
        uint64_t L = m->v[VRAM__M_NUM_LAYERS], have = 0;
        for (uint64_t i = 0; i < L; i++)
            have += fw->layer_bytes[i] != 0;
        if (have != L || fw->embed_bytes == 0) {
            st = vram__fail(VRAM_E_INCONSISTENT, "%s holds %llu of the %llu layers of config.json%s "
                            "(one shard of a larger checkpoint? open its model.safetensors.index.json)",
                            what, (unsigned long long)have, (unsigned long long)L,
                            fw->embed_bytes ? "" : " and no token embedding");
            goto fail;
        }
    } else {
        if ((st = vram_model_create(&m)) != VRAM_OK)
            goto fail;
        if ((st = infer(&c, max_layer, m)) != VRAM_OK) {
            if (st != VRAM_E_INCOMPLETE && st != VRAM_E_LIMIT) {
                char msg[VRAM__MSG_MAX];
                snprintf(msg, sizeof msg, "%s", vram_last_error());
                st = vram__fail(st, "%s: %s", what, msg);
            }
            goto fail;
        }
        vram__model_derive(m);
        if (m->derived_status != VRAM_OK) {
            st = vram__fail(m->derived_status, "%s: %s", what, m->derived_msg);
            goto fail;
        }
        vram__model_set_nd(m, VRAM_MODEL_WEIGHT_DTYPE, fw->dtype);
    }
    /* the exact count wins where the shapes' count differs */
    vram__model_derive(m);
    if (m->params_total != fw->params &&
        (st = vram__model_set_nd(m, VRAM_MODEL_PARAMS_OVERRIDE, fw->params)) != VRAM_OK)
        goto fail;
    vram__model_set_file_weights(m, fw);
    vram__model_derive(m);
    free(fw);
    *out = m;
    return VRAM_OK;
fail:
    free(fw);
    vram_model_destroy(m);
    return st;
}

VRAM_API vram_status vram_model_from_safetensors_buffer(const void *data, size_t len,
                                                        vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_safetensors_buffer: out is NULL");
    *out = NULL;
    if (!data)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_safetensors_buffer: data is NULL");
    tset s = {0};
    vram_status st = add_buffer(&s, data, len, "safetensors header", 0);
    if (st == VRAM_OK)
        st = finish(&s, "safetensors header", NULL, out);
    tset_free(&s);
    return st;
}

/* ------------------------------------------------------------- the index */

static int cmp_str(const void *a, const void *b)
{
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static vram_status from_index(const char *path, vram_model **out)
{
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char *text = NULL;
    size_t len = 0;
    vram__jdoc *d = NULL;
    const char **shards = NULL;
    tset s = {0};
    char cfg[ST_PATH_MAX], sp[ST_PATH_MAX];
    vram_model *m = NULL;
    vram_status st = vram__read_file(path, (size_t)ST_MAX_HEADER, &text, &len);
    if (st != VRAM_OK)
        return st;
    if ((st = vram__json_parse(text, len, ST_MAX_HEADER, base, &d)) != VRAM_OK)
        goto done;
    const vram__jval *root = vram__json_root(d);
    const vram__jval *meta = vram__json_get(d, root, "metadata");
    const vram__jval *map = vram__json_get(d, root, "weight_map");
    uint64_t total = 0;
    bool have_total = false;
    if (!map || map->type != VRAM__J_OBJECT) {
        st = vram__fail(VRAM_E_PARSE, "%s: no weight_map object", base);
        goto done;
    }
    if (meta && (st = vram__json_get_u64(d, meta, "total_size", &total, &have_total)) != VRAM_OK)
        goto done;
    /* the distinct shard names, plain file names only */
    size_t n = 0;
    shards = malloc((map->count ? map->count : 1) * sizeof *shards);
    if (!shards) {
        st = vram__fail(VRAM_E_NOMEM, "%s: out of memory", base);
        goto done;
    }
    for (const vram__jval *e = vram__json_child(d, map); e; e = vram__json_next(d, e)) {
        const char *f;
        if ((st = vram__json_as_str(d, e, &f)) != VRAM_OK)
            goto done;
        if (!*f || strchr(f, '/') || strchr(f, '\\') || strcmp(f, ".") == 0 || strcmp(f, "..") == 0) {
            st = vram__json_fail_at(d, e, VRAM_E_PARSE, "shard \"%s\" must be a file name", f);
            goto done;
        }
        shards[n++] = f;
    }
    qsort(shards, n, sizeof *shards, cmp_str);
    size_t u = 0;
    for (size_t i = 0; i < n; i++)
        if (u == 0 || strcmp(shards[u - 1], shards[i]) != 0)
            shards[u++] = shards[i];
    bool all = u > 0;
    for (size_t i = 0; i < u && all; i++) {
        if ((st = beside(path, shards[i], sp, sizeof sp)) != VRAM_OK)
            goto done;
        all = exists(sp) && ends_with(shards[i], ".safetensors");
    }
    if ((st = beside(path, "config.json", cfg, sizeof cfg)) != VRAM_OK)
        goto done;
    bool have_cfg = exists(cfg);
    if (all) {
        for (size_t i = 0; i < u; i++) {
            if ((st = beside(path, shards[i], sp, sizeof sp)) != VRAM_OK ||
                (st = add_file(&s, sp, (uint32_t)i)) != VRAM_OK)
                goto done;
        }
        /* every listed tensor is in the shard the index names */
        if (s.n)
            qsort(s.t, s.n, sizeof *s.t, cmp_name);
        uint64_t sum = 0;
        bool ovf = false;
        for (size_t i = 0; i < s.n; i++)
            sum = vram__sat_add(sum, s.t[i].bytes, &ovf);
        for (const vram__jval *e = vram__json_child(d, map); e; e = vram__json_next(d, e)) {
            const char *name = vram__json_key(d, e, NULL);
            const char *f = vram__json_str_raw(d, e, NULL);
            const tensor *t = find(&s, name);
            const char **pos = bsearch(&f, shards, u, sizeof *shards, cmp_str);
            if (!t || !pos || t->shard != (uint32_t)(pos - shards)) {
                st = vram__json_fail_at(d, e, VRAM_E_INCONSISTENT, "tensor \"%s\" is not in shard %s",
                                        name, f);
                goto done;
            }
        }
        if (have_total && sum != total) {
            st = vram__fail(VRAM_E_INCONSISTENT, "%s: metadata.total_size %llu, but the shards' "
                            "tensors hold %llu bytes", base, (unsigned long long)total,
                            (unsigned long long)sum);
            goto done;
        }
        st = finish(&s, base, have_cfg ? cfg : NULL, out);
        goto done;
    }
    /* shards missing: the config gives the architecture */
    if (!have_cfg) {
        st = vram__fail(VRAM_E_INCOMPLETE, "%s: its shards are not beside it and there is no "
                        "config.json beside it to read the architecture from", base);
        goto done;
    }
    if ((st = vram_model_from_hf_config_file(cfg, &m)) != VRAM_OK)
        goto done;
    uint32_t size = vram__dtype_size((vram_dtype)m->v[VRAM__M_WEIGHT_DTYPE]);
    bool buffers = false, head = false;
    for (const vram__jval *e = vram__json_child(d, map); e; e = vram__json_next(d, e)) {
        const char *name = vram__json_key(d, e, NULL);
        buffers |= ends_with(name, ".inv_freq") || ends_with(name, ".masked_bias") ||
                   ends_with(name, ".attn.bias") || ends_with(name, ".attention.bias");
        head |= strcmp(name, "lm_head.weight") == 0;
    }
    if (have_total && !buffers && m->v[VRAM__M_QUANT] == VRAM_QUANT_NONE &&
        (size == 2 || size == 4) && total % size == 0) {
        uint64_t p = total / size, dup = 0;
        if (head && m->v[VRAM__M_TIE])
            dup = m->v[VRAM__M_VOCAB] * m->v[VRAM__M_HIDDEN];
        /* trusted only when it agrees with the config within 1%: a wrong
         * dtype guess (a config without torch_dtype) is off by 2x */
        uint64_t c = m->params_total, q = p > dup ? p - dup : 0;
        uint64_t diff = q > c ? q - c : c - q;
        if (q && diff != 0 && diff <= c / 100) {
            if ((st = vram__model_set_nd(m, VRAM_MODEL_PARAMS_OVERRIDE, q)) != VRAM_OK)
                goto done;
            vram__model_derive(m);
        }
    }
    *out = m;
    m = NULL;
done:
    vram_model_destroy(m);
    tset_free(&s);
    free(shards);
    vram__json_free(d);
    free(text);
    return st;
}

VRAM_API vram_status vram_model_from_safetensors_file(const char *path, vram_model **out)
{
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_safetensors_file: out is NULL");
    *out = NULL;
    if (!path)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_model_from_safetensors_file: path is NULL");
    if (ends_with(path, ".json"))
        return from_index(path, out);
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    char cfg[ST_PATH_MAX];
    vram_status st = beside(path, "config.json", cfg, sizeof cfg);
    if (st != VRAM_OK)
        return st;
    tset s = {0};
    st = add_file(&s, path, 0);
    if (st == VRAM_OK)
        st = finish(&s, base, exists(cfg) ? cfg : NULL, out);
    tset_free(&s);
    return st;
}
