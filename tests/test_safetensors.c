/*
 * test_safetensors.c - vram_model_from_safetensors_buffer/_file: headers
 * built here, byte by byte, as the safetensors format lays them out (an
 * 8-byte little-endian length, the JSON header, the data section); valid,
 * truncated and lying headers, overlapping and out-of-bounds offsets, dtype
 * and shape mismatches, absurd sizes, files with a config.json beside them,
 * packed quantized tensors, and model.safetensors.index.json with shards.
 *
 * Linked with the internal archive to read the exact per-part bytes.
 */
#include "vram_test.h"

#include "lib/vram_private.h"

#include <unistd.h>

#define G(m, k) vt_get((m), VRAM_MODEL_##k)

/* ---------------------------------------------------- building headers */

typedef struct spec {
    char name[112];
    const char *dtype;
    unsigned ndim;
    uint64_t shape[4];
} spec;

typedef struct specs {
    spec s[160];
    size_t n;
} specs;

static void add(specs *v, const char *dtype, unsigned ndim, uint64_t d0, uint64_t d1,
                const char *fmt, ...) VRAM__PRINTF(6, 7);
static void add(specs *v, const char *dtype, unsigned ndim, uint64_t d0, uint64_t d1,
                const char *fmt, ...)
{
    assert_true(v->n < sizeof v->s / sizeof v->s[0]);
    spec *s = &v->s[v->n++];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(s->name, sizeof s->name, fmt, ap);
    va_end(ap);
    s->dtype = dtype;
    s->ndim = ndim;
    s->shape[0] = d0;
    s->shape[1] = d1;
}

static uint64_t bits_of(const char *dt)
{
    if (!strcmp(dt, "F32") || !strcmp(dt, "I32"))
        return 32;
    if (!strcmp(dt, "F16") || !strcmp(dt, "BF16"))
        return 16;
    if (!strcmp(dt, "U8") || !strcmp(dt, "I8") || !strcmp(dt, "BOOL"))
        return 8;
    if (!strcmp(dt, "I64") || !strcmp(dt, "F64"))
        return 64;
    fail_msg("bits_of: %s", dt);
    return 0;
}

/* A whole safetensors file in memory: tensors laid out in order, header
 * padded with spaces to a multiple of 8 (as the reference writer does), and
 * `data` bytes of data section (SIZE_MAX: exactly the tensors' bytes). */
static unsigned char *build(const specs *v, size_t data, size_t *len)
{
    size_t cap = 64 + v->n * 256;
    char *h = malloc(cap);
    assert_non_null(h);
    size_t o = 0;
    uint64_t at = 0;
    o += (size_t)snprintf(h + o, cap - o, "{\"__metadata__\":{\"format\":\"pt\"}");
    for (size_t i = 0; i < v->n; i++) {
        const spec *s = &v->s[i];
        uint64_t numel = 1;
        o += (size_t)snprintf(h + o, cap - o, ",\"%s\":{\"dtype\":\"%s\",\"shape\":[", s->name,
                              s->dtype);
        for (unsigned k = 0; k < s->ndim; k++) {
            o += (size_t)snprintf(h + o, cap - o, "%s%llu", k ? "," : "",
                                  (unsigned long long)s->shape[k]);
            numel *= s->shape[k];
        }
        uint64_t bytes = numel * bits_of(s->dtype) / 8;
        o += (size_t)snprintf(h + o, cap - o, "],\"data_offsets\":[%llu,%llu]}",
                              (unsigned long long)at, (unsigned long long)(at + bytes));
        at += bytes;
    }
    o += (size_t)snprintf(h + o, cap - o, "}");
    while (o % 8)
        h[o++] = ' ';
    if (data == SIZE_MAX)
        data = (size_t)at;
    unsigned char *f = calloc(1, 8 + o + data);
    assert_non_null(f);
    for (int i = 0; i < 8; i++)
        f[i] = (unsigned char)((uint64_t)o >> (8 * i));
    memcpy(f + 8, h, o);
    free(h);
    *len = 8 + o + data;
    return f;
}

/* A raw header: the 8-byte length `declared` and the JSON text. */
static unsigned char *raw(uint64_t declared, const char *json, size_t *len)
{
    size_t n = strlen(json);
    unsigned char *f = malloc(8 + n);
    assert_non_null(f);
    for (int i = 0; i < 8; i++)
        f[i] = (unsigned char)(declared >> (8 * i));
    memcpy(f + 8, json, n);
    *len = 8 + n;
    return f;
}

static void expect_buffer(const unsigned char *b, size_t len, vram_status want, const char *frag)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_safetensors_buffer(b, len, &m);
    if (st != want || !strstr(vram_last_error(), frag))
        fail_msg("got %s \"%s\", want %s with \"%s\"", vram_status_name(st), vram_last_error(),
                 vram_status_name(want), frag);
    assert_null(m);
}

static void expect_json(const char *json, vram_status want, const char *frag)
{
    size_t len;
    unsigned char *b = raw(strlen(json), json, &len);
    expect_buffer(b, len, want, frag);
    free(b);
}

/*
 * A tiny Qwen3-style model: hidden 64, 2 layers, 4 heads of 16 (q_norm and
 * k_norm over 16 give head_dim), 2 KV heads, MLP 128, vocab 100, untied,
 * BF16. By hand: per layer q 64 x 64 + k, v 32 x 64 each + o 64 x 64 =
 * 12,288, MLP 3 x 64 x 128 = 24,576, two norms 128, q/k norms 32: 37,024;
 * x 2; embedding and head 2 x 100 x 64; final norm 64: 86,912 parameters,
 * 173,824 bytes.
 */
static void tiny_qwen3(specs *v, unsigned layers, bool head)
{
    v->n = 0;
    add(v, "BF16", 2, 100, 64, "model.embed_tokens.weight");
    for (unsigned i = 0; i < layers; i++) {
        add(v, "BF16", 1, 64, 0, "model.layers.%u.input_layernorm.weight", i);
        add(v, "BF16", 1, 64, 0, "model.layers.%u.post_attention_layernorm.weight", i);
        add(v, "BF16", 2, 64, 64, "model.layers.%u.self_attn.q_proj.weight", i);
        add(v, "BF16", 2, 32, 64, "model.layers.%u.self_attn.k_proj.weight", i);
        add(v, "BF16", 2, 32, 64, "model.layers.%u.self_attn.v_proj.weight", i);
        add(v, "BF16", 2, 64, 64, "model.layers.%u.self_attn.o_proj.weight", i);
        add(v, "BF16", 1, 16, 0, "model.layers.%u.self_attn.q_norm.weight", i);
        add(v, "BF16", 1, 16, 0, "model.layers.%u.self_attn.k_norm.weight", i);
        add(v, "BF16", 2, 128, 64, "model.layers.%u.mlp.gate_proj.weight", i);
        add(v, "BF16", 2, 128, 64, "model.layers.%u.mlp.up_proj.weight", i);
        add(v, "BF16", 2, 64, 128, "model.layers.%u.mlp.down_proj.weight", i);
    }
    add(v, "BF16", 1, 64, 0, "model.norm.weight");
    if (head)
        add(v, "BF16", 2, 100, 64, "lm_head.weight");
}

#define TINY_LAYER_PARAMS UINT64_C(37024)
#define TINY_PARAMS (2 * TINY_LAYER_PARAMS + 2 * 100 * 64 + 64)

static void test_st_valid_buffer(void **state)
{
    (void)state;
    specs v;
    tiny_qwen3(&v, 2, true);
    assert_int_equal(TINY_PARAMS, 86912);
    size_t len;
    /* the header alone (no data section) and the whole file */
    for (int whole = 0; whole < 2; whole++) {
        unsigned char *b = build(&v, whole ? SIZE_MAX : 0, &len);
        vram_model *m = NULL;
        assert_ok(vram_model_from_safetensors_buffer(b, len, &m));
        assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS);
        assert_int_equal(G(m, PARAMS_OVERRIDE), 0); /* the shapes' count is the file's */
        assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * TINY_PARAMS);
        assert_int_equal(G(m, NUM_LAYERS), 2);
        assert_int_equal(G(m, HIDDEN_SIZE), 64);
        assert_int_equal(G(m, NUM_HEADS), 4);
        assert_int_equal(G(m, NUM_KV_HEADS), 2);
        assert_int_equal(G(m, HEAD_DIM), 16);
        assert_int_equal(G(m, QK_NORM), 1);
        assert_int_equal(G(m, INTERMEDIATE_SIZE), 128);
        assert_int_equal(G(m, VOCAB_SIZE), 100);
        assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 0);
        assert_int_equal(G(m, NORMS_PER_LAYER), 2);
        assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_BF16);
        /* exact bytes by part: 2 x 37,024 per layer, 2 x 6,400 each for the
         * embedding and the head, 2 x 64 for the final norm */
        assert_true(m->file.present);
        assert_int_equal(m->file.source, VRAM__FILE_SAFETENSORS);
        assert_int_equal(m->file.layer_bytes[0], 2 * TINY_LAYER_PARAMS);
        assert_int_equal(m->file.layer_bytes[1], 2 * TINY_LAYER_PARAMS);
        assert_int_equal(m->file.layer_bytes[2], 0);
        assert_int_equal(m->file.embed_bytes, 2 * 6400);
        assert_int_equal(m->file.output_bytes, 2 * 6400);
        assert_int_equal(m->file.other_bytes, 2 * 64);
        assert_int_equal(m->file.params, TINY_PARAMS);
        vram_model_destroy(m);
        free(b);
    }
    /* tied: no lm_head.weight */
    tiny_qwen3(&v, 2, false);
    unsigned char *b = build(&v, 0, &len);
    vram_model *m = NULL;
    assert_ok(vram_model_from_safetensors_buffer(b, len, &m));
    assert_int_equal(G(m, TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 6400);
    vram_model_destroy(m);
    free(b);
}

static void test_st_truncated_and_lying_lengths(void **state)
{
    (void)state;
    unsigned char b[16] = {0};
    expect_buffer(b, 7, VRAM_E_PARSE, "7 bytes, too short for the 8-byte header length");
    /* a length of 100 with 8 bytes after it */
    b[0] = 100;
    expect_buffer(b, 16, VRAM_E_PARSE, "header length 100 exceeds the 8 bytes after it");
    /* absurd lengths: 2^40, and 100 MiB + 1 */
    size_t len;
    unsigned char *r = raw(UINT64_C(1) << 40, "{}", &len);
    expect_buffer(r, len, VRAM_E_LIMIT, "header length 1099511627776 is more than the 104857600-byte limit");
    free(r);
    r = raw((UINT64_C(100) << 20) + 1, "{}", &len);
    expect_buffer(r, len, VRAM_E_LIMIT, "more than the 104857600-byte limit");
    free(r);
    /* the length cuts the JSON short: {"a":{"dtype" ... */
    const char *j = "{\"x\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}";
    r = raw(10, j, &len);
    expect_buffer(r, len, VRAM_E_PARSE, "safetensors header: byte");
    free(r);
    /* a whole file whose data section is one byte short of its tensors */
    specs v;
    tiny_qwen3(&v, 2, true);
    unsigned char *f = build(&v, 2 * TINY_PARAMS - 1, &len);
    expect_buffer(f, len, VRAM_E_PARSE, "the tensors end at byte 173824 of a data section of 173823 "
                                        "bytes (truncated file or offsets out of bounds)");
    free(f);
    /* a non-object header */
    expect_json("[]", VRAM_E_PARSE, "byte 0: the header must be a JSON object");
    expect_json("{\"__metadata__\": {\"format\": 1}}", VRAM_E_PARSE,
                "metadata values must be strings");
}

static void test_st_offsets(void **state)
{
    (void)state;
    /* [0,8) and [4,12): the second overlaps the first */
    expect_json("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}",
                VRAM_E_PARSE, "tensor \"b\" (bytes 4..12) overlaps \"a\"");
    /* a hole of 4 bytes before b */
    expect_json("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[12,20]}}",
                VRAM_E_PARSE, "4 unused bytes before tensor \"b\" at 12");
    /* the first tensor must start at 0 */
    expect_json("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}", VRAM_E_PARSE,
                "8 unused bytes before tensor \"a\"");
    expect_json("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,0]}}", VRAM_E_PARSE,
                "data_offsets end 0 is before begin 8");
    expect_json("{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0]}}", VRAM_E_PARSE,
                "data_offsets must be [begin, end]");
    /* offsets near 2^64 still compare exactly */
    expect_json("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[18446744073709551614,"
                "18446744073709551615]}}",
                VRAM_E_PARSE, "18446744073709551614 unused bytes before tensor \"a\"");
    /* duplicate tensor names are duplicate JSON keys */
    expect_json("{\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]},"
                "\"a\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[1,2]}}",
                VRAM_E_PARSE, "duplicate key \"a\"");
}

static void test_st_dtype_shape_mismatch(void **state)
{
    (void)state;
    /* F32 [2, 2] is 16 bytes, the offsets give 8 */
    expect_json("{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", VRAM_E_PARSE,
                "w.data_offsets: data_offsets span 8 bytes, but F32 of 4 values needs 16");
    expect_json("{\"w\":{\"dtype\":\"F128\",\"shape\":[1],\"data_offsets\":[0,16]}}", VRAM_E_PARSE,
                "w: unknown dtype \"F128\"");
    expect_json("{\"w\":{\"shape\":[1],\"data_offsets\":[0,1]}}", VRAM_E_PARSE, "tensor has no dtype");
    expect_json("{\"w\":{\"dtype\":\"F16\",\"shape\":[-1],\"data_offsets\":[0,2]}}", VRAM_E_RANGE,
                "w.shape[0]: must be >= 0, got -1");
    expect_json("{\"w\":{\"dtype\":\"F16\",\"shape\":[1,1,1,1,1,1,1,1,1],\"data_offsets\":[0,2]}}",
                VRAM_E_LIMIT, "9 dimensions, at most 8 supported");
    /* 2^32 x 2^32 x 2 elements overflow 64 bits */
    expect_json("{\"w\":{\"dtype\":\"F16\",\"shape\":[4294967296,4294967296,2],\"data_offsets\":[0,2]}}",
                VRAM_E_OVERFLOW, "the tensor's size overflows 64 bits");
    /* F4 takes half a byte: 3 values are not whole bytes */
    expect_json("{\"w\":{\"dtype\":\"F4\",\"shape\":[3],\"data_offsets\":[0,2]}}", VRAM_E_PARSE,
                "3 values of F4 are not whole bytes");
    /* an empty tensor is fine: [0, 0) (then no architecture to read) */
    expect_json("{\"w\":{\"dtype\":\"F16\",\"shape\":[0,5],\"data_offsets\":[0,0]}}",
                VRAM_E_INCOMPLETE, "no Llama-style token embedding");
}

/* Without q_norm, inv_freq or sinks the heads are not derivable. */
static void test_st_heads_need_config(void **state)
{
    (void)state;
    specs v;
    tiny_qwen3(&v, 2, true);
    /* drop the q/k norms */
    specs w = {.n = 0};
    for (size_t i = 0; i < v.n; i++)
        if (!strstr(v.s[i].name, "_norm."))
            w.s[w.n++] = v.s[i];
    size_t len;
    unsigned char *b = build(&w, 0, &len);
    expect_buffer(b, len, VRAM_E_INCOMPLETE,
                  "the attention heads are not derivable from the tensors "
                  "(model.layers.0.self_attn.q_proj.weight is 64 x 64; head_dim is unknown): put "
                  "the model's config.json beside the file");
    free(b);
    /* an older Llama checkpoint's rotary inv_freq [head_dim / 2] gives them;
     * the buffer is not a parameter */
    add(&w, "F32", 1, 8, 0, "model.layers.0.self_attn.rotary_emb.inv_freq");
    add(&w, "F32", 1, 8, 0, "model.layers.1.self_attn.rotary_emb.inv_freq");
    b = build(&w, 0, &len);
    vram_model *m = NULL;
    assert_ok(vram_model_from_safetensors_buffer(b, len, &m));
    assert_int_equal(G(m, HEAD_DIM), 16);
    assert_int_equal(G(m, NUM_HEADS), 4);
    assert_int_equal(G(m, QK_NORM), 0);
    /* 86,912 less the q/k norms (2 x 32) */
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64);
    /* every byte counts in the file total, inv_freq (2 x 8 x 4) in no part */
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * (TINY_PARAMS - 64) + 2 * 32);
    assert_int_equal(m->file.layer_bytes[0], 2 * (TINY_LAYER_PARAMS - 32));
    vram_model_destroy(m);
    free(b);
    /* a MoE checkpoint needs its config (experts per token) */
    add(&w, "BF16", 2, 4, 64, "model.layers.0.mlp.gate.weight");
    b = build(&w, 0, &len);
    expect_buffer(b, len, VRAM_E_INCOMPLETE, "experts per token are not in the tensors");
    free(b);
}

/* ------------------------------------------------------------ files */

static char dir[64];

static int make_dir(void **state)
{
    (void)state;
    snprintf(dir, sizeof dir, "/tmp/vramest-st-XXXXXX");
    return mkdtemp(dir) ? 0 : -1;
}

static void put(const char *name, const void *data, size_t len)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    FILE *f = fopen(p, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    fclose(f);
}

static void put_str(const char *name, const char *text)
{
    put(name, text, strlen(text));
}

static void rm(const char *name)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    unlink(p);
}

static int remove_dir(void **state)
{
    (void)state;
    const char *names[] = {"model.safetensors", "config.json", "model.safetensors.index.json",
                           "model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        rm(names[i]);
    return rmdir(dir);
}

static vram_status open_file(const char *name, vram_model **m)
{
    char p[128];
    snprintf(p, sizeof p, "%s/%s", dir, name);
    return vram_model_from_safetensors_file(p, m);
}

/* The tiny model as a plain Llama (no q/k norms) with its config beside it. */
static const char *tiny_llama_config =
    "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 2,"
    " \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"intermediate_size\": 128,"
    " \"vocab_size\": 100, \"tie_word_embeddings\": false, \"torch_dtype\": \"bfloat16\"}";

static void test_st_file_with_config(void **state)
{
    (void)state;
    specs v, w = {.n = 0};
    tiny_qwen3(&v, 2, true);
    for (size_t i = 0; i < v.n; i++)
        if (!strstr(v.s[i].name, "_norm."))
            w.s[w.n++] = v.s[i];
    size_t len;
    unsigned char *b = build(&w, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    put_str("config.json", tiny_llama_config);
    vram_model *m = NULL;
    assert_ok(open_file("model.safetensors", &m));
    /* the config's architecture, the file's bytes: 2 x (86,912 - 64) */
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64);
    assert_int_equal(G(m, PARAMS_OVERRIDE), 0);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * (TINY_PARAMS - 64));
    assert_int_equal(G(m, NUM_KV_HEADS), 2);
    vram_model_destroy(m);
    /* one more tensor the config's shapes do not have: the exact count wins
     * (an MXFP4-style pair: 10 x 16 packed bytes = 320 values, and their
     * scales, which are not parameters) */
    add(&w, "U8", 2, 10, 16, "model.extra_blocks");
    add(&w, "U8", 1, 10, 0, "model.extra_scales");
    b = build(&w, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    assert_ok(open_file("model.safetensors", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64 + 320);
    assert_int_equal(G(m, PARAMS_OVERRIDE), TINY_PARAMS - 64 + 320);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * (TINY_PARAMS - 64) + 160 + 10);
    vram_model_destroy(m);
    /* a tied config and a file that stores the head anyway (as falcon-180B's
     * shards do): one matrix at load, so 6,400 parameters and 12,800 bytes
     * are in the file total only */
    specs tied = w;
    put_str("config.json", "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\":"
            " 2, \"num_attention_heads\": 4, \"num_key_value_heads\": 2, \"intermediate_size\": 128,"
            " \"vocab_size\": 100, \"tie_word_embeddings\": true}");
    tied.n -= 2; /* without the extra pair */
    b = build(&tied, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    assert_ok(open_file("model.safetensors", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64 - 6400);
    assert_int_equal(G(m, PARAMS_OVERRIDE), 0);
    assert_int_equal(m->file.output_bytes, 0);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * (TINY_PARAMS - 64));
    vram_model_destroy(m);
    put_str("config.json", tiny_llama_config);
    /* a file with one of the two layers: a shard, not the model */
    specs one = {.n = 0};
    for (size_t i = 0; i < w.n; i++)
        if (!strstr(w.s[i].name, "layers.1."))
            one.s[one.n++] = w.s[i];
    b = build(&one, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    assert_status(open_file("model.safetensors", &m), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "model.safetensors holds 1 of the 2 layers of config.json"));
    /* a file cut inside its header, and a missing file */
    b = build(&w, SIZE_MAX, &len);
    put("model.safetensors", b, 40);
    free(b);
    assert_status(open_file("model.safetensors", &m), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "exceeds the file (40 bytes)"));
    assert_status(open_file("absent.safetensors", &m), VRAM_E_IO);
    rm("model.safetensors");
    rm("config.json");
}

/* The linears of one layer of the packed-checkpoint tests: hidden 64, MLP 128. */
static const struct {
    const char *mod;
    uint64_t in, out;
} lin[] = {{"self_attn.q_proj", 64, 64}, {"self_attn.k_proj", 64, 64},
           {"self_attn.v_proj", 64, 64}, {"self_attn.o_proj", 64, 64},
           {"mlp.gate_proj", 64, 128},   {"mlp.up_proj", 64, 128},
           {"mlp.down_proj", 128, 64}};

/* GPTQ 4-bit, group 32, one layer (hidden 64, 4 heads, MHA, MLP 128, tied):
 * the packed qweight [in * 4 / 32, out] is unpacked through g_idx [in].
 * By hand, per 64 -> 64 linear: qweight 8 x 64 x 4 = 2,048 B, qzeros
 * 2 x 8 x 4 = 64 B, scales 2 x 64 x 2 = 256 B, g_idx 64 x 4 = 256 B: 2,624;
 * gate/up (64 -> 128): 4,096 + 128 + 512 + 256 = 4,992; down (128 -> 64):
 * 16 x 64 x 4 = 4,096 + 4 x 8 x 4 = 128 + 4 x 64 x 2 = 512 + 128 x 4 = 512:
 * 5,248; fp16 norms 2 x 128. Layer: 4 x 2,624 + 2 x 4,992 + 5,248 + 256 =
 * 25,984 bytes; embedding 12,800; final norm 128. Parameters: 4 x 4,096 +
 * 3 x 8,192 + 128 + 6,400 + 64 = 47,552. */
static void test_st_gptq_packed(void **state)
{
    (void)state;
    specs v = {.n = 0};
    add(&v, "F16", 2, 100, 64, "model.embed_tokens.weight");
    add(&v, "F16", 1, 64, 0, "model.layers.0.input_layernorm.weight");
    add(&v, "F16", 1, 64, 0, "model.layers.0.post_attention_layernorm.weight");
    for (size_t i = 0; i < sizeof lin / sizeof lin[0]; i++) {
        uint64_t in = lin[i].in, out = lin[i].out, groups = in / 32;
        add(&v, "I32", 2, in * 4 / 32, out, "model.layers.0.%s.qweight", lin[i].mod);
        add(&v, "I32", 2, groups, out * 4 / 32, "model.layers.0.%s.qzeros", lin[i].mod);
        add(&v, "F16", 2, groups, out, "model.layers.0.%s.scales", lin[i].mod);
        add(&v, "I32", 1, in, 0, "model.layers.0.%s.g_idx", lin[i].mod);
    }
    add(&v, "F16", 1, 64, 0, "model.norm.weight");
    size_t len;
    unsigned char *b = build(&v, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    put_str("config.json",
            "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 1,"
            " \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100,"
            " \"tie_word_embeddings\": true, \"torch_dtype\": \"float16\", \"quantization_config\":"
            " {\"quant_method\": \"gptq\", \"bits\": 4, \"group_size\": 32}}");
    vram_model *m = NULL;
    assert_ok(open_file("model.safetensors", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), 4 * 4096 + 3 * 8192 + 128 + 6400 + 64);
    assert_int_equal(m->file.params, 47552);
    assert_int_equal(G(m, PARAMS_OVERRIDE), 0);
    assert_int_equal(m->file.layer_bytes[0], 25984);
    assert_int_equal(m->file.embed_bytes, 12800);
    assert_int_equal(m->file.other_bytes, 128);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 25984 + 12800 + 128);
    assert_int_equal(m->file.dtype, VRAM_DTYPE_F16);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_GPTQ);
    vram_model_destroy(m);
    rm("model.safetensors");
    rm("config.json");
}

/* GPTQ 3-bit without g_idx: qweight packs 32 inputs into 3 int32 rows
 * (AutoGPTQ QuantLinear: infeatures // 32 * bits rows), so a 64-input linear
 * has 6 rows and a 128-input one 12; the input width is rows x 32 / 3, and
 * the parameters are those of test_st_gptq_packed, 47,552. A row count that
 * is not a whole number of 3-bit inputs (7 x 32 / 3) is refused. */
static void test_st_gptq_3bit(void **state)
{
    (void)state;
    put_str("config.json",
            "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 1,"
            " \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100,"
            " \"tie_word_embeddings\": true, \"torch_dtype\": \"float16\", \"quantization_config\":"
            " {\"quant_method\": \"gptq\", \"bits\": 3, \"group_size\": 32}}");
    for (int bad = 0; bad < 2; bad++) {
        specs v = {.n = 0};
        add(&v, "F16", 2, 100, 64, "model.embed_tokens.weight");
        add(&v, "F16", 1, 64, 0, "model.layers.0.input_layernorm.weight");
        add(&v, "F16", 1, 64, 0, "model.layers.0.post_attention_layernorm.weight");
        for (size_t i = 0; i < sizeof lin / sizeof lin[0]; i++) {
            uint64_t in = lin[i].in, out = lin[i].out, groups = in / 32;
            uint64_t rows = bad && i == 0 ? 7 : in / 32 * 3;
            add(&v, "I32", 2, rows, out, "model.layers.0.%s.qweight", lin[i].mod);
            add(&v, "I32", 2, groups, out / 32 * 3, "model.layers.0.%s.qzeros", lin[i].mod);
            add(&v, "F16", 2, groups, out, "model.layers.0.%s.scales", lin[i].mod);
        }
        add(&v, "F16", 1, 64, 0, "model.norm.weight");
        size_t len;
        unsigned char *b = build(&v, SIZE_MAX, &len);
        put("model.safetensors", b, len);
        free(b);
        vram_model *m = NULL;
        if (bad) {
            assert_status(open_file("model.safetensors", &m), VRAM_E_PARSE);
            assert_non_null(strstr(vram_last_error(), "not a whole number of 3-bit inputs"));
        } else {
            assert_ok(open_file("model.safetensors", &m));
            assert_int_equal(m->file.params, 47552);
            vram_model_destroy(m);
        }
        rm("model.safetensors");
    }
    rm("config.json");
}

/* bitsandbytes NF4: uint8 weights [n / 2, 1] beside absmax, quant_map and
 * quant_state count two parameters a byte; the metadata counts no
 * parameter. One layer as test_st_gptq_packed (MHA, tied), BF16 elsewhere. */
static void test_st_bnb_nf4_packed(void **state)
{
    (void)state;
    specs v = {.n = 0};
    const char *mods[] = {"self_attn.q_proj", "self_attn.k_proj", "self_attn.v_proj",
                          "self_attn.o_proj", "mlp.gate_proj", "mlp.up_proj", "mlp.down_proj"};
    const uint64_t n[] = {4096, 4096, 4096, 4096, 8192, 8192, 8192};
    add(&v, "BF16", 2, 100, 64, "model.embed_tokens.weight");
    add(&v, "BF16", 1, 64, 0, "model.layers.0.input_layernorm.weight");
    add(&v, "BF16", 1, 64, 0, "model.layers.0.post_attention_layernorm.weight");
    for (int i = 0; i < 7; i++) {
        add(&v, "U8", 2, n[i] / 2, 1, "model.layers.0.%s.weight", mods[i]);
        add(&v, "F32", 1, n[i] / 64, 0, "model.layers.0.%s.weight.absmax", mods[i]);
        add(&v, "F32", 1, 16, 0, "model.layers.0.%s.weight.quant_map", mods[i]);
        add(&v, "U8", 1, 100, 0, "model.layers.0.%s.weight.quant_state.bitsandbytes__nf4", mods[i]);
    }
    add(&v, "BF16", 1, 64, 0, "model.norm.weight");
    size_t len;
    unsigned char *b = build(&v, SIZE_MAX, &len);
    put("model.safetensors", b, len);
    free(b);
    put_str("config.json",
            "{\"model_type\": \"llama\", \"hidden_size\": 64, \"num_hidden_layers\": 1,"
            " \"num_attention_heads\": 4, \"intermediate_size\": 128, \"vocab_size\": 100,"
            " \"tie_word_embeddings\": true, \"torch_dtype\": \"bfloat16\", \"quantization_config\":"
            " {\"quant_method\": \"bitsandbytes\", \"load_in_4bit\": true, \"bnb_4bit_quant_type\":"
            " \"nf4\"}}");
    vram_model *m = NULL;
    assert_ok(open_file("model.safetensors", &m));
    /* 4 x 4,096 + 3 x 8,192 + 128 + 6,400 + 64, as the GPTQ test */
    assert_int_equal(m->file.params, 47552);
    assert_int_equal(G(m, PARAMS_OVERRIDE), 0);
    assert_int_equal(G(m, QUANT), VRAM_QUANT_BNB_NF4);
    /* bytes: per 4,096-value linear 2,048 + 64 x 4 + 64 + 100 = 2,468, per
     * 8,192-value one 4,096 + 128 x 4 + 64 + 100 = 4,772; norms 2 x 128 */
    assert_int_equal(m->file.layer_bytes[0], 4 * 2468 + 3 * 4772 + 256);
    vram_model_destroy(m);
    rm("model.safetensors");
    rm("config.json");
}

/* model.safetensors.index.json with its two shards beside it. */
static void write_sharded(uint64_t total, const char *shard_of_norm)
{
    specs v, s1 = {.n = 0}, s2 = {.n = 0};
    tiny_qwen3(&v, 2, true);
    for (size_t i = 0; i < v.n; i++) {
        bool second = strstr(v.s[i].name, "layers.1.") || !strcmp(v.s[i].name, "lm_head.weight") ||
                      !strcmp(v.s[i].name, "model.norm.weight");
        if (second)
            s2.s[s2.n++] = v.s[i];
        else
            s1.s[s1.n++] = v.s[i];
    }
    size_t len;
    unsigned char *b = build(&s1, SIZE_MAX, &len);
    put("model-00001-of-00002.safetensors", b, len);
    free(b);
    b = build(&s2, SIZE_MAX, &len);
    put("model-00002-of-00002.safetensors", b, len);
    free(b);
    char *idx = malloc(16384);
    assert_non_null(idx);
    size_t o = (size_t)snprintf(idx, 16384, "{\"metadata\": {\"total_size\": %llu}, \"weight_map\": {",
                                (unsigned long long)total);
    for (size_t i = 0; i < v.n; i++) {
        const char *f = strstr(v.s[i].name, "layers.1.") || !strcmp(v.s[i].name, "lm_head.weight")
                            ? "model-00002-of-00002.safetensors"
                            : "model-00001-of-00002.safetensors";
        if (!strcmp(v.s[i].name, "model.norm.weight"))
            f = shard_of_norm;
        o += (size_t)snprintf(idx + o, 16384 - o, "%s\"%s\": \"%s\"", i ? ", " : "", v.s[i].name, f);
    }
    snprintf(idx + o, 16384 - o, "}}");
    put_str("model.safetensors.index.json", idx);
    free(idx);
}

static void test_st_index_with_shards(void **state)
{
    (void)state;
    write_sharded(2 * TINY_PARAMS, "model-00002-of-00002.safetensors");
    vram_model *m = NULL;
    assert_ok(open_file("model.safetensors.index.json", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 2 * TINY_PARAMS);
    assert_int_equal(m->file.layer_bytes[1], 2 * TINY_LAYER_PARAMS);
    vram_model_destroy(m);
    /* a total_size that lies by one byte */
    write_sharded(2 * TINY_PARAMS + 1, "model-00002-of-00002.safetensors");
    assert_status(open_file("model.safetensors.index.json", &m), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "metadata.total_size 173825, but the shards' tensors "
                                              "hold 173824 bytes"));
    /* a tensor the index places in the wrong shard */
    write_sharded(2 * TINY_PARAMS, "model-00001-of-00002.safetensors");
    assert_status(open_file("model.safetensors.index.json", &m), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(),
                           "tensor \"model.norm.weight\" is not in shard model-00001-of-00002.safetensors"));
    /* shard names must be plain file names */
    put_str("model.safetensors.index.json",
            "{\"metadata\": {\"total_size\": 2}, \"weight_map\": {\"a\": \"../x.safetensors\"}}");
    assert_status(open_file("model.safetensors.index.json", &m), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "must be a file name"));
    rm("model-00001-of-00002.safetensors");
    rm("model-00002-of-00002.safetensors");
    rm("model.safetensors.index.json");
}

/* Shards absent: the config beside the index gives the architecture, and
 * total_size the exact count when it agrees within 1%. */
static void test_st_index_without_shards(void **state)
{
    (void)state;
    vram_model *m = NULL;
    put_str("model.safetensors.index.json",
            "{\"metadata\": {\"total_size\": 1}, \"weight_map\": {\"a\": \"model-00001-of-00009.safetensors\"}}");
    assert_status(open_file("model.safetensors.index.json", &m), VRAM_E_INCOMPLETE);
    assert_non_null(strstr(vram_last_error(), "no config.json beside it"));
    /* tiny Llama (86,848 parameters: 86,912 less the q/k norms), bf16, with
     * 500 parameters more in the checkpoint than the config's shapes */
    put_str("config.json", tiny_llama_config);
    char idx[256];
    snprintf(idx, sizeof idx, "{\"metadata\": {\"total_size\": %llu}, \"weight_map\": "
             "{\"model.embed_tokens.weight\": \"model-00001-of-00002.safetensors\"}}",
             (unsigned long long)(2 * (TINY_PARAMS - 64 + 500)));
    put_str("model.safetensors.index.json", idx);
    assert_ok(open_file("model.safetensors.index.json", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64 + 500);
    assert_int_equal(G(m, FILE_WEIGHT_BYTES), 0); /* no shard read: no exact bytes */
    vram_model_destroy(m);
    /* twice the bytes (a wrong dtype guess) is not trusted */
    snprintf(idx, sizeof idx, "{\"metadata\": {\"total_size\": %llu}, \"weight_map\": "
             "{\"model.embed_tokens.weight\": \"model-00001-of-00002.safetensors\"}}",
             (unsigned long long)(4 * (TINY_PARAMS - 64)));
    put_str("model.safetensors.index.json", idx);
    assert_ok(open_file("model.safetensors.index.json", &m));
    assert_int_equal(G(m, PARAMS_TOTAL), TINY_PARAMS - 64);
    vram_model_destroy(m);
    rm("model.safetensors.index.json");
    rm("config.json");
}

static void test_st_null_arguments(void **state)
{
    (void)state;
    vram_model *m = NULL;
    assert_status(vram_model_from_safetensors_buffer(NULL, 8, &m), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_safetensors_buffer("x", 1, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_safetensors_file(NULL, &m), VRAM_E_INVALID_ARG);
    assert_null(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_st_valid_buffer),
        cmocka_unit_test(test_st_truncated_and_lying_lengths),
        cmocka_unit_test(test_st_offsets),
        cmocka_unit_test(test_st_dtype_shape_mismatch),
        cmocka_unit_test(test_st_heads_need_config),
        cmocka_unit_test(test_st_file_with_config),
        cmocka_unit_test(test_st_gptq_packed),
        cmocka_unit_test(test_st_gptq_3bit),
        cmocka_unit_test(test_st_bnb_nf4_packed),
        cmocka_unit_test(test_st_index_with_shards),
        cmocka_unit_test(test_st_index_without_shards),
        cmocka_unit_test(test_st_null_arguments),
    };
    return cmocka_run_group_tests(tests, make_dir, remove_dir);
}
