/*
 * test_gguf.c - the GGUF header reader (lib/gguf.c).
 *
 * Every file is written here by a small GGUF writer that follows the layout
 * of ggml-org/llama.cpp ggml/src/gguf.cpp (magic, u32 version, u64 counts,
 * key/value pairs, tensor infos, padding to general.alignment, data), so the
 * expected numbers are computed by hand from ggml's block sizes
 * (ggml/src/ggml-common.h): F32 4 bytes, F16 2 bytes, Q8_0 34 bytes per 32
 * values, Q4_K 144 bytes per 256, Q6_K 210 bytes per 256.
 *
 * The reader's per-part sums (embedding, output, layers) are not in the
 * public API, so this test reads them from the model struct through
 * lib/vram_private.h, as STYLE.md section 7 allows tests to reach internals.
 */
#include "vram_test.h"

#include <unistd.h>

#include "lib/vram_private.h"

/* ---------------------------------------------------------- GGUF writer */

typedef struct wb {
    uint8_t *p;
    size_t n, cap;
} wb;

static void wb_put(wb *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap : 256;
        while (c < b->n + n)
            c *= 2;
        b->p = realloc(b->p, c);
        assert_non_null(b->p);
        b->cap = c;
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void w_le(wb *b, uint64_t v, unsigned n)
{
    uint8_t x[8];
    for (unsigned i = 0; i < n; i++)
        x[i] = (uint8_t)(v >> (8 * i));
    wb_put(b, x, n);
}
static void w_u32(wb *b, uint32_t v) { w_le(b, v, 4); }
static void w_u64(wb *b, uint64_t v) { w_le(b, v, 8); }
static void w_strn(wb *b, const char *s, size_t n)
{
    w_u64(b, n);
    wb_put(b, s, n);
}
static void w_str(wb *b, const char *s) { w_strn(b, s, strlen(s)); }

enum { GT_U8, GT_I8, GT_U16, GT_I16, GT_U32, GT_I32, GT_F32, GT_BOOL, GT_STR, GT_ARR, GT_U64,
       GT_I64, GT_F64 };
enum { F32 = 0, F16 = 1, Q8_0 = 8, Q4_K = 12, Q6_K = 14, BF16 = 30 };

/* Bytes of n values, from the block sizes quoted in the header comment. */
static uint64_t ggml_size(uint32_t type, uint64_t n)
{
    switch (type) {
    case F32: return n * 4;
    case F16: case BF16: return n * 2;
    case Q8_0: return n / 32 * 34;
    case Q4_K: return n / 256 * 144;
    case Q6_K: return n / 256 * 210;
    default: return 0;
    }
}

typedef struct gw {
    uint32_t version, align;
    wb kv, ti;
    uint64_t n_kv, n_t, data; /* running data offset */
    uint64_t force_n_t, force_n_kv; /* non-zero: header lies about the counts */
} gw;

static void gw_init(gw *g, uint32_t align)
{
    memset(g, 0, sizeof *g);
    g->version = 3;
    g->align = align;
    if (align != 32) {
        w_str(&g->kv, "general.alignment");
        w_u32(&g->kv, GT_U32);
        w_u32(&g->kv, align);
        g->n_kv++;
    }
}
static void gw_free(gw *g)
{
    free(g->kv.p);
    free(g->ti.p);
}
static void kv_u32(gw *g, const char *k, uint32_t v)
{
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_U32);
    w_u32(&g->kv, v);
    g->n_kv++;
}
static void kv_f32(gw *g, const char *k, float v)
{
    uint32_t bits;
    memcpy(&bits, &v, 4);
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_F32);
    w_u32(&g->kv, bits);
    g->n_kv++;
}
static void kv_bool(gw *g, const char *k, int v)
{
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_BOOL);
    w_le(&g->kv, (uint64_t)v, 1);
    g->n_kv++;
}
static void kv_str(gw *g, const char *k, const char *v)
{
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_STR);
    w_str(&g->kv, v);
    g->n_kv++;
}
static void kv_arr_u32(gw *g, const char *k, const uint32_t *v, uint64_t n)
{
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_ARR);
    w_u32(&g->kv, GT_U32);
    w_u64(&g->kv, n);
    for (uint64_t i = 0; i < n; i++)
        w_u32(&g->kv, v[i]);
    g->n_kv++;
}
static void kv_arr_bool(gw *g, const char *k, const uint8_t *v, uint64_t n)
{
    w_str(&g->kv, k);
    w_u32(&g->kv, GT_ARR);
    w_u32(&g->kv, GT_BOOL);
    w_u64(&g->kv, n);
    wb_put(&g->kv, v, (size_t)n);
    g->n_kv++;
}
/* tokenizer.ggml.tokens with n short strings "t<i>" */
static void kv_tokens(gw *g, uint64_t n)
{
    char t[32];
    w_str(&g->kv, "tokenizer.ggml.tokens");
    w_u32(&g->kv, GT_ARR);
    w_u32(&g->kv, GT_STR);
    w_u64(&g->kv, n);
    for (uint64_t i = 0; i < n; i++) {
        snprintf(t, sizeof t, "t%llu", (unsigned long long)i);
        w_str(&g->kv, t);
    }
    g->n_kv++;
}
/* A tensor info at an explicit offset. */
static void gw_tensor_at(gw *g, const char *name, uint32_t n_dims, const uint64_t *ne,
                         uint32_t type, uint64_t offset)
{
    w_str(&g->ti, name);
    w_u32(&g->ti, n_dims);
    for (uint32_t i = 0; i < n_dims; i++)
        w_u64(&g->ti, ne[i]);
    w_u32(&g->ti, type);
    w_u64(&g->ti, offset);
    g->n_t++;
}
/* A tensor placed after the previous one, padded to the alignment. */
static void gw_tensor(gw *g, const char *name, uint64_t ne0, uint64_t ne1, uint32_t type)
{
    uint64_t ne[2] = {ne0, ne1};
    gw_tensor_at(g, name, ne1 ? 2 : 1, ne, type, g->data);
    uint64_t n = ggml_size(type, ne0 * (ne1 ? ne1 : 1));
    g->data += (n + g->align - 1) / g->align * g->align;
}
/* Bytes before the tensor data that the reader parses. */
static size_t gw_header_len(const gw *g)
{
    return 24 + g->kv.n + g->ti.n;
}
/* The whole file; data only when with_data (zeros). */
static wb gw_finish(const gw *g, bool with_data)
{
    wb b = {0};
    wb_put(&b, "GGUF", 4);
    w_u32(&b, g->version);
    w_u64(&b, g->force_n_t ? g->force_n_t : g->n_t);
    w_u64(&b, g->force_n_kv ? g->force_n_kv : g->n_kv);
    wb_put(&b, g->kv.p, g->kv.n);
    wb_put(&b, g->ti.p, g->ti.n);
    if (with_data) {
        while (b.n % g->align)
            wb_put(&b, "", 1);
        uint8_t zero[4096] = {0};
        for (uint64_t left = g->data; left;) {
            size_t k = left < sizeof zero ? (size_t)left : sizeof zero;
            wb_put(&b, zero, k);
            left -= k;
        }
    }
    return b;
}

/* ----------------------------------------------------------- temp files */

typedef struct tmpf {
    char path[64];
} tmpf;

static void tmp_write(tmpf *t, const void *d, size_t n)
{
    if (!t->path[0]) {
        strcpy(t->path, "/tmp/vramest-gguf-XXXXXX");
        int fd = mkstemp(t->path);
        assert_true(fd >= 0);
        close(fd);
    }
    FILE *f = fopen(t->path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(d, 1, n, f), n);
    assert_int_equal(fclose(f), 0);
}
static void tmp_remove(tmpf *t)
{
    if (t->path[0])
        assert_int_equal(remove(t->path), 0);
    t->path[0] = '\0';
}

/* ------------------------------------------------------------- helpers */

static vram_model *parse_ok(const wb *b)
{
    vram_model *m = NULL;
    assert_ok(vram_model_from_gguf_buffer(b->p, b->n, &m));
    assert_non_null(m);
    return m;
}

static void expect_fail(const wb *b, vram_status want, const char *needle)
{
    vram_model *m = (vram_model *)(uintptr_t)1;
    assert_status(vram_model_from_gguf_buffer(b->p, b->n, &m), want);
    assert_null(m);
    if (needle && !strstr(vram_last_error(), needle))
        fail_msg("message \"%s\" lacks \"%s\"", vram_last_error(), needle);
}

static const vram__file_weights *fw_of(const vram_model *m)
{
    return &((const struct vram_model *)m)->file;
}

/* ----------------------------------------------- the two-layer llama model */

/*
 * h = 256, 4 heads of 64, 2 KV heads, MLP 512, vocabulary 300, 2 layers.
 * Bytes per tensor (values / block x block bytes):
 *   token_embd  {256,300} Q4_K: 300 rows x 1 block x 144          =  43,200
 *   output      {256,300} Q6_K: 300 x 210                         =  63,000
 *   output_norm {256} F32: 256 x 4                                =   1,024
 *   blk.0: attn_norm F32 1,024; attn_q {256,256} Q4_K 256 x 144 = 36,864;
 *          attn_k {256,128} Q4_K 18,432; attn_v {256,128} Q6_K 128 x 210 =
 *          26,880; attn_output Q4_K 36,864; ffn_norm 1,024; ffn_gate and
 *          ffn_up {256,512} Q4_K 512 x 144 = 73,728 each; ffn_down {512,256}
 *          Q6_K 256 rows x 2 blocks x 210 = 107,520             -> 376,064
 *   blk.1: attn_norm 1,024; attn_q {256,256} F16 65,536 x 2 = 131,072;
 *          attn_k and attn_v {256,128} Q8_0 128 x 8 x 34 = 34,816 each;
 *          attn_output F16 131,072; ffn_norm 1,024; ffn_gate, ffn_up Q4_K
 *          73,728 each; ffn_down {512,256} Q8_0 256 x 16 x 34 = 139,264
 *                                                               -> 620,544
 *   total 43,200 + 63,000 + 1,024 + 376,064 + 620,544 = 1,103,832
 * Elements: embeddings 2 x 76,800, final norm 256, each layer 2 x 256 +
 * 65,536 x 2 + 32,768 x 2 + 131,072 x 3 = 590,336: 1,334,528 in all, the
 * count params.c derives from the same shapes.
 */
static void tiny_llama(gw *g, uint32_t align, bool kv_array)
{
    gw_init(g, align);
    kv_str(g, "general.architecture", "llama");
    kv_str(g, "general.name", "tiny-llama-test");
    kv_u32(g, "llama.block_count", 2);
    kv_u32(g, "llama.context_length", 2048);
    kv_u32(g, "llama.embedding_length", 256);
    kv_u32(g, "llama.feed_forward_length", 512);
    kv_u32(g, "llama.attention.head_count", 4);
    if (kv_array) {
        const uint32_t kvh[2] = {2, 1};
        kv_arr_u32(g, "llama.attention.head_count_kv", kvh, 2);
    } else {
        kv_u32(g, "llama.attention.head_count_kv", 2);
    }
    kv_f32(g, "llama.rope.freq_base", 10000.0f);
    kv_f32(g, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
    kv_u32(g, "llama.rope.dimension_count", 64);
    kv_u32(g, "general.file_type", 15);
    kv_tokens(g, 300);
    gw_tensor(g, "token_embd.weight", 256, 300, Q4_K);
    gw_tensor(g, "output_norm.weight", 256, 0, F32);
    gw_tensor(g, "output.weight", 256, 300, Q6_K);
    static const uint32_t types[2][7] = {{Q4_K, Q4_K, Q6_K, Q4_K, Q4_K, Q4_K, Q6_K},
                                         {F16, Q8_0, Q8_0, F16, Q4_K, Q4_K, Q8_0}};
    for (int l = 0; l < 2; l++) {
        char n[64];
#define T(suffix, a, b, ty)                                 \
    snprintf(n, sizeof n, "blk.%d." suffix, l);             \
    gw_tensor(g, n, a, b, ty)
        T("attn_norm.weight", 256, 0, F32);
        T("attn_q.weight", 256, 256, types[l][0]);
        T("attn_k.weight", 256, 128, types[l][1]);
        T("attn_v.weight", 256, 128, types[l][2]);
        T("attn_output.weight", 256, 256, types[l][3]);
        T("ffn_norm.weight", 256, 0, F32);
        T("ffn_gate.weight", 256, 512, types[l][4]);
        T("ffn_up.weight", 256, 512, types[l][5]);
        T("ffn_down.weight", 512, 256, types[l][6]);
#undef T
    }
}

static void check_tiny(const vram_model *m)
{
    const vram__file_weights *fw = fw_of(m);
    assert_string_equal(vram_model_name(m), "tiny-llama-test");
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_LAYERS), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_HIDDEN_SIZE), 256);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_HEADS), 4);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_KV_HEADS), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_INTERMEDIATE_SIZE), 512);
    assert_int_equal(vt_get(m, VRAM_MODEL_VOCAB_SIZE), 300);
    assert_int_equal(vt_get(m, VRAM_MODEL_MAX_POSITION_EMBEDDINGS), 2048);
    assert_int_equal(vt_get(m, VRAM_MODEL_TIE_WORD_EMBEDDINGS), 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_FAMILY), VRAM_FAMILY_LLAMA);
    assert_int_equal(vt_get(m, VRAM_MODEL_NORM_KIND), VRAM_NORM_RMS);
    assert_int_equal(vt_get(m, VRAM_MODEL_MLP_KIND), VRAM_MLP_GATED);
    assert_int_equal(vt_get(m, VRAM_MODEL_NORMS_PER_LAYER), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_QKV_BIAS), 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_QUANT), VRAM_QUANT_GGUF);
    /* F16 131,072 elements (blk.1 attn_q + attn_output) > F32 1,280 (norms) */
    assert_int_equal(vt_get(m, VRAM_MODEL_WEIGHT_DTYPE), VRAM_DTYPE_F16);
    assert_int_equal(vt_get(m, VRAM_MODEL_FILE_WEIGHT_BYTES), 1103832);
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), 1334528);
    assert_true(fw->present);
    assert_int_equal(fw->source, VRAM__FILE_GGUF);
    assert_int_equal(fw->dtype, VRAM_DTYPE_F16);
    assert_int_equal(fw->gguf_ftype, 15);
    assert_int_equal(fw->total_bytes, 1103832);
    assert_int_equal(fw->params, 1334528);
    assert_int_equal(fw->embed_bytes, 43200);
    assert_int_equal(fw->output_bytes, 63000);
    assert_int_equal(fw->other_bytes, 1024);
    assert_int_equal(fw->layer_bytes[0], 376064);
    assert_int_equal(fw->layer_bytes[1], 620544);
    assert_int_equal(fw->layer_bytes[2], 0);
}

static void test_gguf_tiny_llama_buffer_and_file(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 32, false);
    wb full = gw_finish(&g, true);
    vram_model *m = parse_ok(&full);
    check_tiny(m);
    vram_model_destroy(m);

    tmpf t = {{0}};
    tmp_write(&t, full.p, full.n);
    assert_ok(vram_model_from_gguf_file(t.path, &m));
    check_tiny(m);
    vram_model_destroy(m);
    tmp_remove(&t);
    free(full.p);
    gw_free(&g);
}

/* A 64-byte alignment: offsets, padding and the data start move, bytes do not. */
static void test_gguf_alignment_64(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 64, false);
    wb full = gw_finish(&g, true);
    tmpf t = {{0}};
    tmp_write(&t, full.p, full.n);
    vram_model *m = NULL;
    assert_ok(vram_model_from_gguf_file(t.path, &m));
    check_tiny(m);
    vram_model_destroy(m);
    tmp_remove(&t);
    free(full.p);
    gw_free(&g);
}

/* Per-layer head_count_kv [2, 1]: the larger value bounds the KV cache. */
static void test_gguf_per_layer_kv_heads(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 32, true);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_KV_HEADS), 2);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);

    /* an array whose length is not block_count is malformed (llama.cpp
     * get_key_or_arr requires one value per layer) */
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    kv_u32(&g, "llama.block_count", 2);
    kv_u32(&g, "llama.embedding_length", 256);
    kv_u32(&g, "llama.feed_forward_length", 512);
    kv_u32(&g, "llama.attention.head_count", 4);
    const uint32_t three[3] = {2, 2, 2};
    kv_arr_u32(&g, "llama.attention.head_count_kv", three, 3);
    kv_u32(&g, "llama.vocab_size", 300);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "3 values for 2 layers");
    free(b.p);
    gw_free(&g);
}

/* ------------------------------------------------------------ truncation */

/* Every proper prefix of the header fails with VRAM_E_PARSE (the buffer and
 * the file API); the header alone is a valid buffer (the documented "first
 * bytes of a file") but a truncated file. */
static void test_gguf_truncated_at_every_byte(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 32, false);
    wb full = gw_finish(&g, true);
    size_t hl = gw_header_len(&g);
    tmpf t = {{0}};
    vram_model *m;
    for (size_t n = 0; n < hl; n++) {
        wb pre = {full.p, n, n};
        expect_fail(&pre, VRAM_E_PARSE, NULL);
        tmp_write(&t, full.p, n);
        m = (vram_model *)(uintptr_t)1;
        assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
        assert_null(m);
    }
    wb head = {full.p, hl, hl};
    m = parse_ok(&head);
    check_tiny(m);
    vram_model_destroy(m);

    tmp_write(&t, full.p, hl);
    assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "truncated"));
    tmp_write(&t, full.p, full.n - 1);
    assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
    tmp_write(&t, full.p, full.n);
    assert_ok(vram_model_from_gguf_file(t.path, &m));
    vram_model_destroy(m);
    tmp_remove(&t);
    free(full.p);
    gw_free(&g);
}

/* A header larger than the reader's 64 KiB file window: a 300,000-byte
 * chat template (skipped with a seek) and 20,000 tokens (read through
 * several window refills) before the tensor infos. File and buffer agree;
 * cutting the file inside the header, at and around window boundaries,
 * fails. */
static void test_gguf_large_header_file(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 32, false);
    char *tmpl = malloc(300001);
    assert_non_null(tmpl);
    memset(tmpl, 'x', 300000);
    tmpl[300000] = '\0';
    kv_str(&g, "tokenizer.chat_template", tmpl);
    free(tmpl);
    w_str(&g.kv, "tokenizer.ggml.merges");
    w_u32(&g.kv, GT_ARR);
    w_u32(&g.kv, GT_STR);
    w_u64(&g.kv, 20000);
    for (int i = 0; i < 20000; i++)
        w_str(&g.kv, "a b");
    g.n_kv++;
    wb full = gw_finish(&g, true);
    size_t hl = gw_header_len(&g);
    assert_true(hl > 5 * 65536);
    tmpf t = {{0}};
    tmp_write(&t, full.p, full.n);
    vram_model *m = NULL;
    assert_ok(vram_model_from_gguf_file(t.path, &m));
    check_tiny(m);
    vram_model_destroy(m);
    m = parse_ok(&full);
    check_tiny(m);
    vram_model_destroy(m);
    const size_t cuts[] = {65535, 65536, 65537, 200000, 2 * 65536, 5 * 65536, hl - 1};
    for (size_t i = 0; i < sizeof cuts / sizeof cuts[0]; i++) {
        tmp_write(&t, full.p, cuts[i]);
        assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
        assert_null(m);
    }
    tmp_remove(&t);
    free(full.p);
    gw_free(&g);
}

/* -------------------------------------------------------- hostile headers */

static wb raw_header(uint32_t version, uint64_t n_t, uint64_t n_kv)
{
    wb b = {0};
    wb_put(&b, "GGUF", 4);
    w_u32(&b, version);
    w_u64(&b, n_t);
    w_u64(&b, n_kv);
    return b;
}

static void test_gguf_magic_and_versions(void **state)
{
    (void)state;
    wb b = raw_header(1, 0, 0);
    expect_fail(&b, VRAM_E_PARSE, "v1");
    free(b.p);
    /* version 3 written big-endian reads 0x03000000 little-endian */
    b = raw_header(0x03000000u, 0, 0);
    expect_fail(&b, VRAM_E_PARSE, "big-endian");
    free(b.p);
    b = raw_header(4, 0, 0);
    expect_fail(&b, VRAM_E_PARSE, "version 4");
    free(b.p);
    b = raw_header(3, 0, 0);
    memcpy(b.p, "GGML", 4);
    expect_fail(&b, VRAM_E_PARSE, "not a GGUF file");
    free(b.p);
    /* v2 is read like v3 */
    gw g;
    tiny_llama(&g, 32, false);
    g.version = 2;
    b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    check_tiny(m);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

static void test_gguf_lying_counts(void **state)
{
    (void)state;
    wb b = raw_header(3, UINT64_C(1) << 63, 0);
    expect_fail(&b, VRAM_E_LIMIT, "tensor_count");
    free(b.p);
    b = raw_header(3, 0, UINT64_C(1) << 40);
    expect_fail(&b, VRAM_E_LIMIT, "kv_count");
    free(b.p);
    /* within the limits but far more than the bytes that follow */
    b = raw_header(3, 1000, 0);
    expect_fail(&b, VRAM_E_PARSE, "truncated");
    free(b.p);
    b = raw_header(3, 0, 5);
    expect_fail(&b, VRAM_E_PARSE, "truncated");
    free(b.p);
}

static void test_gguf_strings_beyond_end(void **state)
{
    (void)state;
    wb b = raw_header(3, 0, 1);
    w_str(&b, "general.name");
    w_u32(&b, GT_STR);
    w_u64(&b, 1000); /* 1,000 bytes announced, 3 present */
    wb_put(&b, "abc", 3);
    expect_fail(&b, VRAM_E_PARSE, "truncated");
    free(b.p);
    /* a key length of 2^40 exceeds the 65,535-byte key limit */
    b = raw_header(3, 0, 1);
    w_u64(&b, UINT64_C(1) << 40);
    w_u64(&b, 0); /* bytes enough for one minimal KV pair */
    w_u64(&b, 0);
    expect_fail(&b, VRAM_E_LIMIT, "key is 1099511627776 bytes");
    free(b.p);
    /* a string value of 2^40 bytes exceeds the 16 MiB string limit */
    b = raw_header(3, 0, 1);
    w_str(&b, "general.description");
    w_u32(&b, GT_STR);
    w_u64(&b, UINT64_C(1) << 40);
    expect_fail(&b, VRAM_E_LIMIT, "string");
    free(b.p);
    /* an empty key */
    b = raw_header(3, 0, 1);
    w_u64(&b, 0);
    w_u32(&b, GT_U16);
    w_le(&b, 1, 2);
    expect_fail(&b, VRAM_E_PARSE, "empty");
    free(b.p);
}

static void test_gguf_value_types(void **state)
{
    (void)state;
    wb b = raw_header(3, 0, 1);
    w_str(&b, "x.y");
    w_u32(&b, 13); /* GGUFValueType ends at 12 (FLOAT64) */
    w_u64(&b, 0);
    expect_fail(&b, VRAM_E_PARSE, "unknown value type 13");
    free(b.p);
    b = raw_header(3, 0, 1);
    w_str(&b, "x.y");
    w_u32(&b, GT_ARR);
    w_u32(&b, 77);
    w_u64(&b, 1);
    w_u32(&b, 0);
    expect_fail(&b, VRAM_E_PARSE, "element type 77");
    free(b.p);
    /* an array of 2^30 u8 elements exceeds the 2^24-element limit */
    b = raw_header(3, 0, 1);
    w_str(&b, "x.y");
    w_u32(&b, GT_ARR);
    w_u32(&b, GT_U8);
    w_u64(&b, UINT64_C(1) << 30);
    expect_fail(&b, VRAM_E_LIMIT, "array");
    free(b.p);
    /* 1,000 u32 announced, 4 present */
    b = raw_header(3, 0, 1);
    w_str(&b, "x.y");
    w_u32(&b, GT_ARR);
    w_u32(&b, GT_U32);
    w_u64(&b, 1000);
    w_u32(&b, 7);
    expect_fail(&b, VRAM_E_PARSE, "truncated");
    free(b.p);
}

/* Nested arrays are valid GGUF (the spec allows them; ggml rejects them):
 * they are validated and skipped, up to 8 levels. */
static void test_gguf_nested_arrays(void **state)
{
    (void)state;
    gw g;
    tiny_llama(&g, 32, false);
    /* [[1, 2], [3]] of u32, then [["a"], []] of strings */
    w_str(&g.kv, "x.nested");
    w_u32(&g.kv, GT_ARR);
    w_u32(&g.kv, GT_ARR);
    w_u64(&g.kv, 2);
    w_u32(&g.kv, GT_U32);
    w_u64(&g.kv, 2);
    w_u32(&g.kv, 1);
    w_u32(&g.kv, 2);
    w_u32(&g.kv, GT_U32);
    w_u64(&g.kv, 1);
    w_u32(&g.kv, 3);
    g.n_kv++;
    w_str(&g.kv, "x.nested_str");
    w_u32(&g.kv, GT_ARR);
    w_u32(&g.kv, GT_ARR);
    w_u64(&g.kv, 2);
    w_u32(&g.kv, GT_STR);
    w_u64(&g.kv, 1);
    w_str(&g.kv, "a");
    w_u32(&g.kv, GT_STR);
    w_u64(&g.kv, 0);
    g.n_kv++;
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    check_tiny(m);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);

    /* 9 levels: arrays of one array each, innermost empty u8 */
    b = raw_header(3, 0, 1);
    w_str(&b, "x.deep");
    w_u32(&b, GT_ARR);
    for (int i = 0; i < 9; i++) {
        w_u32(&b, i < 8 ? GT_ARR : GT_U8);
        w_u64(&b, i < 8 ? 1 : 0);
    }
    expect_fail(&b, VRAM_E_LIMIT, "nested");
    free(b.p);
}

/* One tensor info appended to a valid tiny model's KV section. */
static wb one_tensor(uint32_t n_dims, const uint64_t *ne, uint32_t type, uint64_t offset,
                     const char *name)
{
    gw g;
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    gw_tensor_at(&g, name, n_dims, ne, type, offset);
    wb b = gw_finish(&g, false);
    gw_free(&g);
    return b;
}

static void test_gguf_bad_tensor_infos(void **state)
{
    (void)state;
    const uint64_t ne[5] = {256, 256, 1, 1, 1};
    wb b = one_tensor(2, ne, 99, 0, "blk.0.attn_q.weight");
    expect_fail(&b, VRAM_E_PARSE, "\"blk.0.attn_q.weight\" has unknown ggml type 99");
    free(b.p);
    /* 4 was Q4_2, removed from ggml: unknown too */
    b = one_tensor(2, ne, 4, 0, "blk.0.attn_q.weight");
    expect_fail(&b, VRAM_E_PARSE, "unknown ggml type 4");
    free(b.p);
    const uint64_t huge[2] = {UINT64_C(1) << 32, UINT64_C(1) << 32};
    b = one_tensor(2, huge, F32, 0, "big");
    expect_fail(&b, VRAM_E_PARSE, "overflows");
    free(b.p);
    const uint64_t neg[1] = {UINT64_C(1) << 63}; /* a negative int64 ne */
    b = one_tensor(1, neg, F32, 0, "neg");
    expect_fail(&b, VRAM_E_PARSE, "overflows");
    free(b.p);
    b = one_tensor(5, ne, F32, 0, "five");
    expect_fail(&b, VRAM_E_PARSE, "5 dimensions");
    free(b.p);
    /* Q4_K needs rows of whole 256-value blocks */
    const uint64_t ne128[2] = {128, 4};
    b = one_tensor(2, ne128, Q4_K, 0, "rows");
    expect_fail(&b, VRAM_E_PARSE, "not a multiple of the block size 256");
    free(b.p);
    b = one_tensor(2, ne, F32, 16, "misaligned");
    expect_fail(&b, VRAM_E_PARSE, "not a multiple of the alignment 32");
    free(b.p);
    /* IQ1_S (ggml type 19) packs 256 values in 50 bytes: three tensors of
     * 256 x (2^55 - 1) values each fit in int64 and together in 2^64 bytes,
     * but their 3 x (2^63 - 256) values exceed 2^64 */
    {
        gw g;
        gw_init(&g, 32);
        kv_str(&g, "general.architecture", "llama");
        const uint64_t ne3[2] = {256, (UINT64_C(1) << 55) - 1};
        uint64_t bytes = ne3[1] * 50, step = (bytes + 31) / 32 * 32;
        gw_tensor_at(&g, "x0", 2, ne3, 19, 0);
        gw_tensor_at(&g, "x1", 2, ne3, 19, step);
        gw_tensor_at(&g, "x2", 2, ne3, 19, 2 * step);
        kv_u32(&g, "llama.block_count", 1);
        kv_u32(&g, "llama.embedding_length", 256);
        kv_u32(&g, "llama.attention.head_count", 4);
        b = gw_finish(&g, false);
        expect_fail(&b, VRAM_E_PARSE, "element count overflows");
        free(b.p);
        gw_free(&g);
    }
    char longname[80];
    memset(longname, 'a', 65);
    longname[65] = '\0';
    b = one_tensor(2, ne, F32, 0, longname);
    expect_fail(&b, VRAM_E_LIMIT, "tensor name");
    free(b.p);
}

static void test_gguf_overlaps_and_duplicates(void **state)
{
    (void)state;
    const uint64_t ne[2] = {256, 256}; /* F32: 262,144 bytes */
    gw g;
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    gw_tensor_at(&g, "a", 2, ne, F32, 0);
    gw_tensor_at(&g, "b", 2, ne, F32, 262144 - 32);
    wb b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "overlap");
    free(b.p);
    gw_free(&g);

    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    gw_tensor_at(&g, "a", 2, ne, F32, 0);
    gw_tensor_at(&g, "a", 2, ne, F32, 262144);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "duplicate tensor name");
    free(b.p);
    gw_free(&g);

    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    kv_str(&g, "general.architecture", "qwen2");
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "duplicate key \"general.architecture\"");
    free(b.p);
    gw_free(&g);

    gw_init(&g, 32);
    kv_u32(&g, "llama.block_count", 2);
    kv_u32(&g, "llama.block_count", 3);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "duplicate key \"llama.block_count\"");
    free(b.p);
    gw_free(&g);
}

static void test_gguf_alignment_key(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    kv_u32(&g, "general.alignment", 24);
    wb b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "not a power of two");
    free(b.p);
    gw_free(&g);
    gw_init(&g, 32);
    w_str(&g.kv, "general.alignment");
    w_u32(&g.kv, GT_U64);
    w_u64(&g.kv, 32);
    g.n_kv++;
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "must be u32");
    free(b.p);
    gw_free(&g);
}

static void test_gguf_missing_metadata(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    kv_u32(&g, "llama.block_count", 2);
    wb b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "general.architecture is missing");
    free(b.p);
    gw_free(&g);

    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    kv_u32(&g, "llama.embedding_length", 256);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "llama.block_count is missing");
    free(b.p);
    gw_free(&g);

    /* mamba has no attention heads: not a model this library estimates */
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "mamba");
    kv_u32(&g, "mamba.block_count", 2);
    kv_u32(&g, "mamba.embedding_length", 256);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "head_count");
    free(b.p);
    gw_free(&g);

    /* block_count beyond the model's 1024 layers */
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    kv_u32(&g, "llama.block_count", 5000);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_LIMIT, "block_count");
    free(b.p);
    gw_free(&g);

    /* a split shard would report a third of the weights */
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    w_str(&g.kv, "split.count");
    w_u32(&g.kv, GT_U16);
    w_le(&g.kv, 3, 2);
    g.n_kv++;
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_UNSUPPORTED, "split.count = 3");
    free(b.p);
    gw_free(&g);
}

/* general.name longer than 127 bytes is cut at a character boundary.
 * Variant 0: 60 x "é" (2 bytes each) + "x" = 121 bytes, then four "€" (3
 * bytes each) at 121, 124, 127, 130: the cut after byte 126 falls between
 * two characters, 127 bytes remain. Variant 1 (no "x"): the "€" at 126..128
 * straddles the cut, its first byte is dropped, 126 bytes remain. */
static void test_gguf_name_truncation(void **state)
{
    (void)state;
    for (int variant = 0; variant < 2; variant++) {
        char name[256] = "";
        for (int i = 0; i < 60; i++)
            strcat(name, "\xc3\xa9");
        if (variant == 0)
            strcat(name, "x");
        for (int i = 0; i < 4; i++)
            strcat(name, "\xe2\x82\xac");
        gw h;
        gw_init(&h, 32);
        kv_str(&h, "general.architecture", "llama");
        kv_str(&h, "general.name", name);
        kv_u32(&h, "llama.block_count", 1);
        kv_u32(&h, "llama.embedding_length", 256);
        kv_u32(&h, "llama.feed_forward_length", 512);
        kv_u32(&h, "llama.attention.head_count", 4);
        kv_u32(&h, "llama.vocab_size", 300);
        wb b = gw_finish(&h, false);
        vram_model *m = parse_ok(&b);
        size_t n = strlen(vram_model_name(m));
        /* variant 0: 121 + 2 x 3 = 127; variant 1: 120 + 2 x 3 = 126 */
        assert_int_equal(n, variant == 0 ? 127 : 126);
        assert_memory_equal(vram_model_name(m), name, n);
        vram_model_destroy(m);
        free(b.p);
        gw_free(&h);
    }
}

/* --------------------------------------------------------- architectures */

static void base_keys(gw *g, const char *arch, uint32_t L, uint32_t h, uint32_t a, uint32_t k,
                      uint32_t ff)
{
    char key[96];
    kv_str(g, "general.architecture", arch);
#define K(s, v) snprintf(key, sizeof key, "%s." s, arch), kv_u32(g, key, v)
    K("block_count", L);
    K("embedding_length", h);
    K("attention.head_count", a);
    K("attention.head_count_kv", k);
    if (ff)
        K("feed_forward_length", ff);
    K("vocab_size", 1000);
#undef K
}

/* gemma2: window 4096 by default, period 2 (llama-model.cpp LLM_ARCH_GEMMA2):
 * layers 0, 2, 4 ... slide; 26 layers -> 13 sliding. */
static void test_gguf_gemma2_default_window(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "gemma2", 26, 2304, 8, 4, 9216);
    kv_u32(&g, "gemma2.attention.key_length", 256);
    kv_u32(&g, "gemma2.attention.value_length", 256);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_SLIDING_WINDOW), 4096);
    assert_int_equal(vt_get(m, VRAM_MODEL_SLIDING_PATTERN), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 13);
    assert_int_equal(vt_get(m, VRAM_MODEL_HEAD_DIM), 256);
    uint64_t v = 0;
    assert_ok(vram_model_get_layer_u64(m, 0, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_SLIDING);
    assert_ok(vram_model_get_layer_u64(m, 1, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_FULL);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* gemma3: period 6 (five local, one global), window required: 34 layers,
 * globals at 5, 11, 17, 23, 29 -> 29 sliding. */
static void test_gguf_gemma3_pattern(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "gemma3", 34, 2560, 8, 4, 10240);
    kv_u32(&g, "gemma3.attention.key_length", 256);
    kv_u32(&g, "gemma3.attention.sliding_window", 1024);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_SLIDING_WINDOW), 1024);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 29);
    uint64_t v = 0;
    assert_ok(vram_model_get_layer_u64(m, 5, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_FULL);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);

    gw_init(&g, 32);
    base_keys(&g, "gemma3", 34, 2560, 8, 4, 10240);
    b = gw_finish(&g, false);
    expect_fail(&b, VRAM_E_PARSE, "sliding_window is missing");
    free(b.p);
    gw_free(&g);
}

/* gpt-oss: period 2 by default, overridden by a per-layer bool array. */
static void test_gguf_gpt_oss_pattern(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "gpt-oss", 4, 2880, 64, 8, 2880);
    kv_u32(&g, "gpt-oss.attention.key_length", 64);
    kv_u32(&g, "gpt-oss.attention.value_length", 64);
    kv_u32(&g, "gpt-oss.attention.sliding_window", 128);
    kv_u32(&g, "gpt-oss.expert_count", 32);
    kv_u32(&g, "gpt-oss.expert_used_count", 4);
    kv_u32(&g, "gpt-oss.expert_feed_forward_length", 2880);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_FAMILY), VRAM_FAMILY_GPT_OSS);
    assert_int_equal(vt_get(m, VRAM_MODEL_SLIDING_WINDOW), 128);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_EXPERTS), 32);
    assert_int_equal(vt_get(m, VRAM_MODEL_EXPERTS_PER_TOKEN), 4);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_MOE_LAYERS), 4);
    vram_model_destroy(m);
    free(b.p);
    const uint8_t pat[4] = {1, 1, 1, 0};
    kv_arr_bool(&g, "gpt-oss.attention.sliding_window_pattern", pat, 4);
    b = gw_finish(&g, false);
    m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 3);
    uint64_t v = 0;
    assert_ok(vram_model_get_layer_u64(m, 3, VRAM_LAYER_ATTENTION, &v));
    assert_int_equal(v, VRAM_LAYER_ATTN_FULL);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* phi3 files may carry a window; llama.cpp disables Phi SWA, so none slides. */
static void test_gguf_phi3_window_ignored(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "phi3", 32, 3072, 32, 32, 8192);
    kv_u32(&g, "phi3.attention.sliding_window", 2047);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_SLIDING_WINDOW), 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SLIDING_LAYERS), 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_FAMILY), VRAM_FAMILY_PHI3);
    assert_int_equal(vt_get(m, VRAM_MODEL_FUSED_GATE_UP), 1);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* DeepSeek-V3 shapes (config.json: q_lora_rank 1536, kv_lora_rank 512,
 * qk_nope 128, qk_rope 64, v_head_dim 128, 256 experts, 8 used, 1 shared,
 * moe width 2048, first 3 layers dense), in the newer converter's keys
 * where key_length = 512 + 64 is the cached latent and the *_mla keys carry
 * the head dims. 6 layers here. */
static void test_gguf_deepseek2_mla(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "deepseek2", 6, 7168, 128, 1, 18432);
    kv_u32(&g, "deepseek2.attention.q_lora_rank", 1536);
    kv_u32(&g, "deepseek2.attention.kv_lora_rank", 512);
    kv_u32(&g, "deepseek2.rope.dimension_count", 64);
    kv_u32(&g, "deepseek2.attention.key_length", 576);
    kv_u32(&g, "deepseek2.attention.value_length", 512);
    kv_u32(&g, "deepseek2.attention.key_length_mla", 192);
    kv_u32(&g, "deepseek2.attention.value_length_mla", 128);
    kv_u32(&g, "deepseek2.expert_count", 256);
    kv_u32(&g, "deepseek2.expert_used_count", 8);
    kv_u32(&g, "deepseek2.expert_shared_count", 1);
    kv_u32(&g, "deepseek2.expert_feed_forward_length", 2048);
    kv_u32(&g, "deepseek2.leading_dense_block_count", 3);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_FAMILY), VRAM_FAMILY_DEEPSEEK);
    assert_int_equal(vt_get(m, VRAM_MODEL_KV_LORA_RANK), 512);
    assert_int_equal(vt_get(m, VRAM_MODEL_Q_LORA_RANK), 1536);
    assert_int_equal(vt_get(m, VRAM_MODEL_QK_ROPE_HEAD_DIM), 64);
    assert_int_equal(vt_get(m, VRAM_MODEL_QK_NOPE_HEAD_DIM), 128);
    assert_int_equal(vt_get(m, VRAM_MODEL_V_HEAD_DIM), 128);
    assert_int_equal(vt_get(m, VRAM_MODEL_FIRST_K_DENSE), 3);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_MOE_LAYERS), 3);
    assert_int_equal(vt_get(m, VRAM_MODEL_MOE_INTERMEDIATE_SIZE), 2048);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_SHARED_EXPERTS), 1);
    /* MLA caches the latent: (512 + 64) per layer per token, 6 layers */
    assert_int_equal(vt_get(m, VRAM_MODEL_KV_ELEMENTS_PER_TOKEN), 6 * 576);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* Qwen3-MoE-style tensors: per-head q/k norms, routers on every layer. */
static void test_gguf_qwen3moe_tensors(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    base_keys(&g, "qwen3moe", 2, 256, 4, 2, 0);
    kv_u32(&g, "qwen3moe.attention.key_length", 64);
    kv_u32(&g, "qwen3moe.expert_count", 8);
    kv_u32(&g, "qwen3moe.expert_used_count", 2);
    for (int l = 0; l < 2; l++) {
        char n[64];
        uint64_t e3[3] = {256, 128, 8}, d3[3] = {128, 256, 8};
        snprintf(n, sizeof n, "blk.%d.attn_q_norm.weight", l);
        gw_tensor(&g, n, 64, 0, F32);
        snprintf(n, sizeof n, "blk.%d.attn_norm.weight", l);
        gw_tensor(&g, n, 256, 0, F32);
        snprintf(n, sizeof n, "blk.%d.ffn_norm.weight", l);
        gw_tensor(&g, n, 256, 0, F32);
        snprintf(n, sizeof n, "blk.%d.ffn_gate_inp.weight", l);
        gw_tensor(&g, n, 256, 8, F32);
        snprintf(n, sizeof n, "blk.%d.ffn_up_exps.weight", l);
        gw_tensor_at(&g, n, 3, e3, BF16, g.data);
        g.data += 256 * 128 * 8 * 2;
        snprintf(n, sizeof n, "blk.%d.ffn_gate_exps.weight", l);
        gw_tensor_at(&g, n, 3, e3, BF16, g.data);
        g.data += 256 * 128 * 8 * 2;
        snprintf(n, sizeof n, "blk.%d.ffn_down_exps.weight", l);
        gw_tensor_at(&g, n, 3, d3, BF16, g.data);
        g.data += 256 * 128 * 8 * 2;
    }
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_QK_NORM), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_MOE_LAYERS), 2);
    /* expert width from ffn_up_exps {256, 128, 8} */
    assert_int_equal(vt_get(m, VRAM_MODEL_MOE_INTERMEDIATE_SIZE), 128);
    assert_int_equal(vt_get(m, VRAM_MODEL_WEIGHT_DTYPE), VRAM_DTYPE_BF16);
    assert_int_equal(vt_get(m, VRAM_MODEL_QUANT), VRAM_QUANT_NONE);
    /* no token_embd / output tensors here: the vocabulary is vocab_size */
    assert_int_equal(vt_get(m, VRAM_MODEL_VOCAB_SIZE), 1000);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* Tied embeddings: without output.weight the LM head reuses token_embd;
 * the tiny model less output.weight (63,000 bytes, 76,800 elements). */
static void test_gguf_tied_embeddings(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "llama");
    kv_u32(&g, "llama.block_count", 1);
    kv_u32(&g, "llama.embedding_length", 256);
    kv_u32(&g, "llama.feed_forward_length", 512);
    kv_u32(&g, "llama.attention.head_count", 4);
    kv_u32(&g, "llama.attention.head_count_kv", 2);
    gw_tensor(&g, "token_embd.weight", 256, 300, Q4_K);
    gw_tensor(&g, "output_norm.weight", 256, 0, F32);
    gw_tensor(&g, "blk.0.attn_norm.weight", 256, 0, F32);
    gw_tensor(&g, "blk.0.attn_q.weight", 256, 256, Q4_K);
    gw_tensor(&g, "blk.0.attn_k.weight", 256, 128, Q4_K);
    gw_tensor(&g, "blk.0.attn_v.weight", 256, 128, Q6_K);
    gw_tensor(&g, "blk.0.attn_output.weight", 256, 256, Q4_K);
    gw_tensor(&g, "blk.0.ffn_norm.weight", 256, 0, F32);
    gw_tensor(&g, "blk.0.ffn_gate.weight", 256, 512, Q4_K);
    gw_tensor(&g, "blk.0.ffn_up.weight", 256, 512, Q4_K);
    gw_tensor(&g, "blk.0.ffn_down.weight", 512, 256, Q6_K);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    /* 43,200 + 1,024 + 376,064 (layer 0 of the tiny model) */
    assert_int_equal(vt_get(m, VRAM_MODEL_FILE_WEIGHT_BYTES), 420288);
    assert_int_equal(fw_of(m)->output_bytes, 0);
    assert_int_equal(vt_get(m, VRAM_MODEL_TIE_WORD_EMBEDDINGS), 1);
    /* vocabulary from token_embd's rows (no vocab key, no token list) */
    assert_int_equal(vt_get(m, VRAM_MODEL_VOCAB_SIZE), 300);
    /* 76,800 + 256 + 590,336 elements, counted once with the tie */
    assert_int_equal(fw_of(m)->params, 667392);
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), 667392);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* GPT-2-style tensor names decide the block structure: fused attn_qkv with
 * bias, attention-output and MLP biases, LayerNorm with bias, a learned
 * position_embd, no output.weight (tied). h = 64, 4 heads, MLP 256,
 * vocabulary 100, 32 positions, one layer. Elements: token_embd 6,400,
 * position_embd 2,048, attn_norm w+b 128, attn_qkv 64 x 192 + 192 = 12,480,
 * attn_output 4,096 + 64 = 4,160, ffn_norm 128, ffn_up 16,384 + 256 =
 * 16,640, ffn_down 16,384 + 64 = 16,448, output_norm 128: 58,560, and
 * params.c counts the same from the keys the reader set. */
static void test_gguf_structure_from_tensor_names(void **state)
{
    (void)state;
    gw g;
    gw_init(&g, 32);
    kv_str(&g, "general.architecture", "gpt2");
    kv_u32(&g, "gpt2.block_count", 1);
    kv_u32(&g, "gpt2.context_length", 32);
    kv_u32(&g, "gpt2.embedding_length", 64);
    kv_u32(&g, "gpt2.feed_forward_length", 256);
    kv_u32(&g, "gpt2.attention.head_count", 4);
    gw_tensor(&g, "token_embd.weight", 64, 100, F32);
    gw_tensor(&g, "position_embd.weight", 64, 32, F32);
    gw_tensor(&g, "blk.0.attn_norm.weight", 64, 0, F32);
    gw_tensor(&g, "blk.0.attn_norm.bias", 64, 0, F32);
    gw_tensor(&g, "blk.0.attn_qkv.weight", 64, 192, F16);
    gw_tensor(&g, "blk.0.attn_qkv.bias", 192, 0, F32);
    gw_tensor(&g, "blk.0.attn_output.weight", 64, 64, F16);
    gw_tensor(&g, "blk.0.attn_output.bias", 64, 0, F32);
    gw_tensor(&g, "blk.0.ffn_norm.weight", 64, 0, F32);
    gw_tensor(&g, "blk.0.ffn_norm.bias", 64, 0, F32);
    gw_tensor(&g, "blk.0.ffn_up.weight", 64, 256, F16);
    gw_tensor(&g, "blk.0.ffn_up.bias", 256, 0, F32);
    gw_tensor(&g, "blk.0.ffn_down.weight", 256, 64, F16);
    gw_tensor(&g, "blk.0.ffn_down.bias", 64, 0, F32);
    gw_tensor(&g, "output_norm.weight", 64, 0, F32);
    gw_tensor(&g, "output_norm.bias", 64, 0, F32);
    wb b = gw_finish(&g, false);
    vram_model *m = parse_ok(&b);
    assert_int_equal(vt_get(m, VRAM_MODEL_FAMILY), VRAM_FAMILY_GPT2);
    assert_int_equal(vt_get(m, VRAM_MODEL_NORM_KIND), VRAM_NORM_LAYER);
    assert_int_equal(vt_get(m, VRAM_MODEL_MLP_KIND), VRAM_MLP_PLAIN);
    assert_int_equal(vt_get(m, VRAM_MODEL_FUSED_QKV), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_QKV_BIAS), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_O_BIAS), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_MLP_BIAS), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_NORMS_PER_LAYER), 2);
    assert_int_equal(vt_get(m, VRAM_MODEL_LEARNED_POSITIONS), 32);
    assert_int_equal(vt_get(m, VRAM_MODEL_TIE_WORD_EMBEDDINGS), 1);
    assert_int_equal(vt_get(m, VRAM_MODEL_QUANT), VRAM_QUANT_NONE);
    assert_int_equal(fw_of(m)->params, 58560);
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), 58560);
    /* embeddings: (6,400 + 2,048) x 4 bytes */
    assert_int_equal(fw_of(m)->embed_bytes, 33792);
    /* general.file_type absent */
    assert_int_equal(fw_of(m)->gguf_ftype, UINT32_MAX);
    vram_model_destroy(m);
    free(b.p);
    gw_free(&g);
}

/* --------------------------------------- Llama-3-8B Q4_K_M, real shapes */

/*
 * measured.jsonl records w-llama3-8b-q4km-gguf / lcpp-llama3-8b-q4km-3070-512
 * (a llama-cpp-python log of mradermacher's llama-3-Korean-Bllossom-8B
 * Q4_K_M, a Llama-3-8B finetune): "type f32: 65 tensors, type q4_K: 193
 * tensors, type q6_K: 33 tensors", "model size = 4.58 GiB (4.89 BPW)",
 * "CPU buffer size = 281.81 MiB" (token_embd kept on the host) and "CUDA0
 * buffer size = 4403.49 MiB".
 *
 * Which tensors are Q6_K (llama.cpp src/llama-quant.cpp,
 * llama_tensor_get_type_impl, ftype Q4_K_M): output.weight; attn_v and
 * ffn_down when use_more_bits(i, 32): i < 4, i >= 28 or (i - 4) % 3 == 2,
 * i.e. layers 0-3, 6, 9, ..., 27, 28-31 = 16 layers -> 1 + 16 + 16 = 33.
 * token_embd stays the base Q4_K; the 2 norms per layer and output_norm
 * are F32 (65). Q4_K: the other 7 x 32 - 32 + 1 = 193.
 *
 * Bytes: attn_q, attn_output 4096x4096 = 65,536 blocks x 144 = 9,437,184;
 * attn_k/attn_v 4096x1024 = 16,384 blocks: Q4_K 2,359,296, Q6_K 3,440,640;
 * ffn_gate/up/down 4096x14336 = 229,376 blocks: Q4_K 33,030,144, Q6_K
 * 48,168,960; norms 2 x 16,384. A plain layer 122,716,160, a more-bits layer
 * 138,936,320. token_embd 128256x4096 = 2,052,096 blocks x 144 =
 * 295,501,824 (= 281.8125 MiB, the log's CPU buffer); output x 210 =
 * 430,940,160; output_norm 16,384.
 * Total 16 x 122,716,160 + 16 x 138,936,320 + 295,501,824 + 430,940,160 +
 * 16,384 = 4,912,898,048 = 4.5755 GiB -> "4.58 GiB"; without token_embd
 * 4,617,396,224 = 4403.49 MiB, the log's CUDA0 buffer.
 */
static bool more_bits(int i)
{
    return i < 4 || i >= 28 || (i - 4) % 3 == 2;
}

static void llama3_8b_q4km(gw *g)
{
    gw_init(g, 32);
    kv_str(g, "general.architecture", "llama");
    kv_str(g, "general.name", "llama-3-Korean-Bllossom-8B");
    kv_u32(g, "llama.block_count", 32);
    kv_u32(g, "llama.context_length", 8192);
    kv_u32(g, "llama.embedding_length", 4096);
    kv_u32(g, "llama.feed_forward_length", 14336);
    kv_u32(g, "llama.attention.head_count", 32);
    kv_u32(g, "llama.attention.head_count_kv", 8);
    kv_f32(g, "llama.rope.freq_base", 500000.0f);
    kv_f32(g, "llama.attention.layer_norm_rms_epsilon", 1e-5f);
    kv_u32(g, "general.file_type", 15);
    kv_u32(g, "llama.vocab_size", 128256);
    kv_u32(g, "llama.rope.dimension_count", 128);
    kv_bool(g, "tokenizer.ggml.add_bos_token", 1);
    gw_tensor(g, "token_embd.weight", 4096, 128256, Q4_K);
    for (int i = 0; i < 32; i++) {
        char n[64];
        uint32_t big = more_bits(i) ? Q6_K : Q4_K;
#define T(s, a, b, ty) snprintf(n, sizeof n, "blk.%d." s, i), gw_tensor(g, n, a, b, ty)
        T("attn_norm.weight", 4096, 0, F32);
        T("attn_q.weight", 4096, 4096, Q4_K);
        T("attn_k.weight", 4096, 1024, Q4_K);
        T("attn_v.weight", 4096, 1024, big);
        T("attn_output.weight", 4096, 4096, Q4_K);
        T("ffn_norm.weight", 4096, 0, F32);
        T("ffn_gate.weight", 4096, 14336, Q4_K);
        T("ffn_up.weight", 4096, 14336, Q4_K);
        T("ffn_down.weight", 14336, 4096, big);
#undef T
    }
    gw_tensor(g, "output_norm.weight", 4096, 0, F32);
    gw_tensor(g, "output.weight", 4096, 128256, Q6_K);
}

static void check_llama3(const vram_model *m)
{
    const vram__file_weights *fw = fw_of(m);
    uint64_t total = vt_get(m, VRAM_MODEL_FILE_WEIGHT_BYTES);
    assert_int_equal(total, UINT64_C(4912898048));
    /* the log's precision: 4.58 GiB means [4.575, 4.585) GiB */
    assert_true(total * 1000 >= UINT64_C(4575) * VRAM__GIB);
    assert_true(total * 1000 < UINT64_C(4585) * VRAM__GIB);
    /* CUDA0 4403.49 MiB: [4403.485, 4403.495) MiB for all but token_embd */
    assert_true((total - fw->embed_bytes) * 1000 >= UINT64_C(4403485) * VRAM__MIB);
    assert_true((total - fw->embed_bytes) * 1000 < UINT64_C(4403495) * VRAM__MIB);
    assert_int_equal(fw->embed_bytes, UINT64_C(295501824));
    assert_int_equal(fw->output_bytes, UINT64_C(430940160));
    assert_int_equal(fw->other_bytes, 16384);
    for (int i = 0; i < 32; i++)
        assert_int_equal(fw->layer_bytes[i], more_bits(i) ? 138936320 : 122716160);
    /* 8,030,261,248 parameters: "model params = 8.03 B" in the log and the
     * count test_params.c pins for Llama-3.1-8B (same shapes) */
    assert_int_equal(fw->params, UINT64_C(8030261248));
    assert_int_equal(vt_get(m, VRAM_MODEL_PARAMS_TOTAL), UINT64_C(8030261248));
    assert_int_equal(vt_get(m, VRAM_MODEL_WEIGHT_DTYPE), VRAM_DTYPE_F32);
    assert_int_equal(fw->gguf_ftype, VRAM_GGUF_Q4_K_M);
    assert_int_equal(vt_get(m, VRAM_MODEL_NUM_KV_HEADS), 8);
}

static void test_gguf_llama3_8b_q4km(void **state)
{
    (void)state;
    gw g;
    llama3_8b_q4km(&g);
    /* the type mix the log printed */
    int n32 = 0, nq4 = 0, nq6 = 0;
    n32 = 2 * 32 + 1;
    for (int i = 0; i < 32; i++)
        nq6 += more_bits(i) ? 2 : 0;
    nq6 += 1;
    nq4 = 7 * 32 + 2 - nq6;
    assert_int_equal(n32, 65);
    assert_int_equal(nq4, 193);
    assert_int_equal(nq6, 33);

    wb head = gw_finish(&g, false);
    vram_model *m = parse_ok(&head);
    check_llama3(m);
    vram_model_destroy(m);

    /* as a file, the header alone is a truncated file */
    tmpf t = {{0}};
    tmp_write(&t, head.p, head.n);
    assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
    assert_non_null(strstr(vram_last_error(), "truncated"));
    /* extended (sparsely) to the data end it is whole; the reader reads only
     * the header: data start = header rounded up to 32, + g.data bytes */
    uint64_t start = (head.n + 31) / 32 * 32;
    assert_int_equal(truncate(t.path, (off_t)(start + g.data)), 0);
    assert_ok(vram_model_from_gguf_file(t.path, &m));
    check_llama3(m);
    vram_model_destroy(m);
    assert_int_equal(truncate(t.path, (off_t)(start + g.data - 1)), 0);
    assert_status(vram_model_from_gguf_file(t.path, &m), VRAM_E_PARSE);
    tmp_remove(&t);
    free(head.p);
    gw_free(&g);
}

/* --------------------------------------------------------------- misuse */

static void test_gguf_arguments_and_io(void **state)
{
    (void)state;
    vram_model *m = (vram_model *)(uintptr_t)1;
    assert_status(vram_model_from_gguf_buffer(NULL, 10, &m), VRAM_E_INVALID_ARG);
    assert_null(m);
    assert_status(vram_model_from_gguf_buffer("GGUF", 4, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_gguf_file(NULL, &m), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_gguf_file("/nonexistent/vramest/x.gguf", &m), VRAM_E_IO);
    assert_null(m);
    assert_status(vram_model_from_gguf_file("/tmp", &m), VRAM_E_IO);
    assert_status(vram_model_from_gguf_buffer("", 0, &m), VRAM_E_PARSE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gguf_tiny_llama_buffer_and_file),
        cmocka_unit_test(test_gguf_alignment_64),
        cmocka_unit_test(test_gguf_per_layer_kv_heads),
        cmocka_unit_test(test_gguf_truncated_at_every_byte),
        cmocka_unit_test(test_gguf_large_header_file),
        cmocka_unit_test(test_gguf_magic_and_versions),
        cmocka_unit_test(test_gguf_lying_counts),
        cmocka_unit_test(test_gguf_strings_beyond_end),
        cmocka_unit_test(test_gguf_value_types),
        cmocka_unit_test(test_gguf_nested_arrays),
        cmocka_unit_test(test_gguf_bad_tensor_infos),
        cmocka_unit_test(test_gguf_overlaps_and_duplicates),
        cmocka_unit_test(test_gguf_alignment_key),
        cmocka_unit_test(test_gguf_missing_metadata),
        cmocka_unit_test(test_gguf_name_truncation),
        cmocka_unit_test(test_gguf_gemma2_default_window),
        cmocka_unit_test(test_gguf_gemma3_pattern),
        cmocka_unit_test(test_gguf_gpt_oss_pattern),
        cmocka_unit_test(test_gguf_phi3_window_ignored),
        cmocka_unit_test(test_gguf_deepseek2_mla),
        cmocka_unit_test(test_gguf_qwen3moe_tensors),
        cmocka_unit_test(test_gguf_tied_embeddings),
        cmocka_unit_test(test_gguf_structure_from_tensor_names),
        cmocka_unit_test(test_gguf_llama3_8b_q4km),
        cmocka_unit_test(test_gguf_arguments_and_io),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
