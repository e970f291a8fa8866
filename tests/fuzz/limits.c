/*
 * limits.c - probe every limit of doc/limits.md at the limit and one step
 * beyond it, through the public API, and check the status and the message.
 *
 * Each line of doc/limits.md's tables is one probe here: the input exactly
 * at the limit must be accepted (the status it then gets for other reasons
 * is checked too), the input one step past it must fail with the documented
 * status and a message containing the documented text. The figures are the
 * library's constants (lib/json.h, lib/gguf.c, lib/safetensors.c,
 * lib/api_json.c, lib/model.c, lib/config.c, lib/vram_private.h), written
 * out here on purpose: a constant that changes without its documentation
 * fails this test.
 *
 * Run by `meson test` (suite fuzz, test "limits"); every probe prints one
 * line "ok|FAIL <name>: <status> <message>". Exit status 1 if any failed.
 * The GGUF header limit (1 GiB) is probed through a sparse temporary file.
 */
#include "vramest.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int failures;

/* One probe: the status wanted and a fragment of the message (NULL: any). */
static void expect(const char *name, vram_status got, vram_status want, const char *frag)
{
    const char *msg = got == VRAM_OK ? "" : vram_last_error();
    bool ok = got == want && (!frag || strstr(msg, frag));
    printf("%s %s: %s %s\n", ok ? "ok  " : "FAIL", name, vram_status_name(got), msg);
    if (!ok) {
        printf("     wanted %s with \"%s\"\n", vram_status_name(want), frag ? frag : "");
        failures++;
    }
}

/* ---------------------------------------------------------------- bytes */

typedef struct buf {
    unsigned char *p;
    size_t n, cap;
} buf;

static void put(buf *b, const void *d, size_t n)
{
    if (b->n + n > b->cap) {
        size_t c = b->cap ? b->cap : 4096;
        while (c < b->n + n)
            c *= 2;
        unsigned char *np = realloc(b->p, c);
        if (!np) {
            fprintf(stderr, "limits: out of memory\n");
            exit(2);
        }
        b->p = np;
        b->cap = c;
    }
    if (n)
        memcpy(b->p + b->n, d, n);
    b->n += n;
}
static void put_le(buf *b, uint64_t v, unsigned n)
{
    unsigned char x[8];
    for (unsigned i = 0; i < n; i++)
        x[i] = (unsigned char)(v >> (8 * i));
    put(b, x, n);
}
static void put_fill(buf *b, int c, size_t n)
{
    while (n) {
        char chunk[4096];
        size_t k = n < sizeof chunk ? n : sizeof chunk;
        memset(chunk, c, k);
        put(b, chunk, k);
        n -= k;
    }
}
static void puts_(buf *b, const char *s)
{
    put(b, s, strlen(s));
}
static void printf_(buf *b, const char *fmt, ...)
{
    char tmp[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tmp, sizeof tmp, fmt, ap);
    va_end(ap);
    put(b, tmp, (size_t)n);
}

/* ------------------------------------------------------------------ JSON */

static vram_status hf(const buf *b)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_hf_config((const char *)b->p, b->n, &m);
    vram_model_destroy(m);
    return st;
}

static const char llama[] = "{\"model_type\": \"llama\", \"num_hidden_layers\": 2, "
                            "\"hidden_size\": 64, \"num_attention_heads\": 4, "
                            "\"intermediate_size\": 128, \"vocab_size\": 100}";

/* A llama config padded with spaces to `total` bytes. */
static void padded_config(buf *b, size_t total)
{
    b->n = 0;
    puts_(b, llama);
    put_fill(b, ' ', total - b->n);
}

/* {"x": [[[...]]]} with `depth` containers in all (the root object counts). */
static void nested(buf *b, unsigned depth)
{
    b->n = 0;
    puts_(b, "{\"x\": ");
    put_fill(b, '[', depth - 1);
    put_fill(b, ']', depth - 1);
    puts_(b, "}");
}

/* {"x": [0,0,...]} holding `values` values in all (root, array, zeros). */
static void many_values(buf *b, size_t values)
{
    b->n = 0;
    puts_(b, "{\"x\": [");
    for (size_t i = 0; i + 2 < values; i++)
        puts_(b, i ? ",0" : "0");
    puts_(b, "]}");
}

/* A Mixtral config with one member set to `value` (the others default). */
static vram_status config_with(const char *member, uint64_t value)
{
    static const struct {
        const char *key;
        unsigned v;
    } base[] = {
        {"num_hidden_layers", 2}, {"hidden_size", 64}, {"num_attention_heads", 4},
        {"num_key_value_heads", 2},
        {"intermediate_size", 128}, {"vocab_size", 100}, {"num_local_experts", 8},
        {"num_experts_per_tok", 2},
    };
    buf b = {0};
    puts_(&b, "{\"model_type\": \"mixtral\"");
    for (size_t i = 0; i < sizeof base / sizeof base[0]; i++)
        if (strcmp(base[i].key, member) != 0)
            printf_(&b, ", \"%s\": %u", base[i].key, base[i].v);
    printf_(&b, ", \"%s\": %llu}", member, (unsigned long long)value);
    vram_status st = hf(&b);
    free(b.p);
    return st;
}

static void probe_json(void)
{
    buf b = {0};
    const size_t doc = (size_t)16 << 20; /* VRAM__JSON_MAX_DOC, lib/json.h */
    padded_config(&b, doc);
    expect("config.json of 16 MiB", hf(&b), VRAM_OK, NULL);
    padded_config(&b, doc + 1);
    expect("config.json of 16 MiB + 1", hf(&b), VRAM_E_LIMIT,
           "config.json: the document is 16777217 bytes, more than the 16777216-byte limit");

    /* the same through a file: vram__read_file stops reading past 16 MiB */
    for (int over = 0; over < 2; over++) {
        char path[512];
        const char *tmp = getenv("TMPDIR");
        snprintf(path, sizeof path, "%s/vramest-limits-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        int fd = mkstemp(path);
        FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
        padded_config(&b, doc + (size_t)over);
        bool ok = f && fwrite(b.p, 1, b.n, f) == b.n;
        ok = f && fclose(f) == 0 && ok;
        vram_model *m = NULL;
        vram_status st = ok ? vram_model_from_hf_config_file(path, &m) : VRAM_E_IO;
        vram_model_destroy(m);
        expect(over ? "config.json file of 16 MiB + 1" : "config.json file of 16 MiB", st,
               over ? VRAM_E_LIMIT : VRAM_OK, over ? "is more than 16777216 bytes" : NULL);
        if (fd >= 0)
            remove(path);
    }

    nested(&b, 64); /* VRAM__JSON_MAX_DEPTH */
    expect("nesting 64", hf(&b), VRAM_E_INCOMPLETE, "required key");
    nested(&b, 65);
    expect("nesting 65", hf(&b), VRAM_E_LIMIT, "config.json: byte 69: nesting deeper than 64 levels");

    many_values(&b, (size_t)1 << 22); /* VRAM__JSON_MAX_VALUES */
    expect("4194304 values", hf(&b), VRAM_E_INCOMPLETE, "required key");
    many_values(&b, ((size_t)1 << 22) + 1);
    expect("4194305 values", hf(&b), VRAM_E_LIMIT, "more than 4194304 values in one document");

    /* a string as long as the document allows: no limit of its own */
    b.n = 0;
    puts_(&b, "{\"model_type\": \"");
    put_fill(&b, 'a', doc - 20);
    puts_(&b, "\"}");
    expect("a 16 MiB string", hf(&b), VRAM_E_INCOMPLETE, "required key");

    b.n = 0;
    puts_(&b, "{\"vocab_size\": 1e309}");
    expect("number beyond double", hf(&b), VRAM_E_PARSE, "number 1e309 is out of range");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"vocab_size\": 18446744073709551616}");
    expect("integer beyond 2^64", hf(&b), VRAM_E_RANGE, "does not fit in 64 bits");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"vocab_size\": 18446744073709551615}");
    expect("integer 2^64 - 1", hf(&b), VRAM_E_RANGE,
           "vocab_size must be in [1, 16777216], got 18446744073709551615");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"vocab_size\": 1.7976931348623157e308}");
    expect("the largest double", hf(&b), VRAM_E_RANGE, "vocab_size: does not fit in 64 bits");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"vocab_size\": 9007199254740991.0}");
    expect("2^53 - 1 written as 9007199254740991.0", hf(&b), VRAM_E_RANGE,
           "vocab_size must be in [1, 16777216], got 9007199254740991");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"vocab_size\": 9007199254740992.0}");
    expect("2^53 written as 9007199254740992.0", hf(&b), VRAM_E_RANGE,
           "is too large to be exact with a fraction or exponent (write it as plain digits)");

    /* per-layer lists */
    b.n = 0;
    puts_(&b, "{\"model_type\": \"qwen2\", \"num_hidden_layers\": 2, \"layer_types\": "
              "[\"full_attention\"]}");
    expect("layer_types of 1 for 2 layers", hf(&b), VRAM_E_INCONSISTENT,
           "config.json: layer_types: 1 entries for num_hidden_layers 2");
    b.n = 0;
    puts_(&b, "{\"model_type\": \"qwen2_moe\", \"num_hidden_layers\": 2, \"mlp_only_layers\": "
              "[1, 2]}");
    expect("mlp_only_layers index 2 of 2 layers", hf(&b), VRAM_E_RANGE,
           "config.json: mlp_only_layers[1]: layer 2 does not exist (num_hidden_layers 2)");

    /* _name_or_path: kept to 127 bytes */
    b.n = 0;
    puts_(&b, "{\"model_type\": \"llama\", \"_name_or_path\": \"");
    put_fill(&b, 'n', 200);
    puts_(&b, "\"}");
    vram_model *m = NULL;
    vram_status st = vram_model_from_hf_config((const char *)b.p, b.n, &m);
    expect("_name_or_path of 200 bytes", st, VRAM_OK, NULL);
    if (st == VRAM_OK && strlen(vram_model_name(m)) != 127) {
        printf("FAIL _name_or_path of 200 bytes: kept %zu bytes\n", strlen(vram_model_name(m)));
        failures++;
    }
    vram_model_destroy(m);
    free(b.p);

    /* model key ranges, as config.json meets them (lib/model.c) */
    expect("layers 1024", config_with("num_hidden_layers", 1024), VRAM_OK, NULL);
    expect("layers 1025", config_with("num_hidden_layers", 1025), VRAM_E_RANGE,
           "num_layers must be in [1, 1024], got 1025");
    expect("experts 65536", config_with("num_local_experts", 65536), VRAM_OK, NULL);
    expect("experts 65537", config_with("num_local_experts", 65537), VRAM_E_RANGE,
           "num_experts must be in [0, 65536], got 65537");
    expect("hidden 2^20", config_with("hidden_size", UINT64_C(1) << 20), VRAM_OK, NULL);
    expect("hidden 2^20 + 1", config_with("hidden_size", (UINT64_C(1) << 20) + 1), VRAM_E_RANGE,
           "hidden_size must be in [1, 1048576], got 1048577");
    expect("vocab 2^24", config_with("vocab_size", UINT64_C(1) << 24), VRAM_OK, NULL);
    expect("vocab 2^24 + 1", config_with("vocab_size", (UINT64_C(1) << 24) + 1), VRAM_E_RANGE,
           "vocab_size must be in [1, 16777216], got 16777217");
    expect("intermediate 2^24 + 1", config_with("intermediate_size", (UINT64_C(1) << 24) + 1),
           VRAM_E_RANGE, "intermediate_size must be in [0, 16777216], got 16777217");
    expect("heads 65537", config_with("num_attention_heads", 65537), VRAM_E_RANGE,
           "num_heads must be in [1, 65536], got 65537");

    /* every shape at its maximum: the parameter count no longer fits */
    buf o = {0};
    puts_(&o, "{\"model_type\": \"mixtral\", \"num_hidden_layers\": 1024, \"hidden_size\": 1048576, "
              "\"num_attention_heads\": 65536, \"intermediate_size\": 16777216, "
              "\"vocab_size\": 16777216, \"num_local_experts\": 65536, "
              "\"num_experts_per_tok\": 2}");
    expect("parameter count overflow", hf(&o), VRAM_E_OVERFLOW,
           "config.json: parameter count overflows 64 bits");
    free(o.p);
}

/* ------------------------------------------------------------ JSON API */

/* The request's own status, through the buffer protocol; *resp (may be
 * NULL) receives the response, to free. */
static vram_status api_status(const buf *b, char **resp)
{
    size_t need = 0;
    vram_status st = vram_api_call((const char *)b->p, b->n, NULL, 0, &need);
    char *out = st == VRAM_E_BUFFER_TOO_SMALL ? malloc(need) : NULL;
    if (!out)
        return st == VRAM_E_BUFFER_TOO_SMALL ? VRAM_E_NOMEM : st;
    st = vram_api_call((const char *)b->p, b->n, out, need, NULL);
    if (resp)
        *resp = out;
    else
        free(out);
    return st;
}

static void probe_api(void)
{
    buf b = {0};
    const size_t max = (size_t)16 << 20; /* MAX_REQUEST, lib/api_json.c */
    puts_(&b, "{\"model_name\": \"meta-llama/Llama-3.1-8B\"}");
    put_fill(&b, ' ', max - b.n);
    expect("request of 16 MiB", api_status(&b, NULL), VRAM_OK, NULL);
    put_fill(&b, ' ', 1);
    expect("request of 16 MiB + 1", api_status(&b, NULL), VRAM_E_LIMIT,
           "request: the document is 16777217 bytes, more than the 16777216-byte limit");

    static const char l8b[] = "\"model_name\": \"meta-llama/Llama-3.1-8B\"";
    static const struct {
        const char *name, *request;
        vram_status want;
        const char *frag;
    } cases[] = {
        {"max_batch_size 2^24", "\"max_batch_size\": 16777216", VRAM_OK, NULL},
        {"max_batch_size 2^24 + 1", "\"max_batch_size\": 16777217", VRAM_E_RANGE,
         "max_batch_size: batch_size must be in [1, 16777216], got 16777217"},
        {"max_seq_len 2^32", "\"max_seq_len\": 4294967296, \"engine\": \"transformers\"",
         VRAM_OK, NULL},
        {"max_seq_len 2^32 + 1", "\"max_seq_len\": 4294967297", VRAM_E_RANGE,
         "max_seq_len: seq_len must be in [1, 4294967296], got 4294967297"},
        {"max_seq_len 2^64", "\"max_seq_len\": 18446744073709551616", VRAM_E_RANGE,
         "max_seq_len is too large"},
        {"seed figures at max_model_len overflow",
         "\"engine\": \"transformers\", \"max_seq_len\": 1024, \"max_model_len\": 4294967296, "
         "\"max_batch_size\": 16777216",
         VRAM_E_OVERFLOW,
         "the seed's figures (maximum KV cache 16777216 x 4294967296 tokens, divided by "
         "gpu_memory_utilization 0.90000000000000002) overflow 64-bit byte counts"},
        {"seed figures skipped for training",
         "\"mode\": \"lora\", \"max_model_len\": 4294967296, \"max_batch_size\": 16777216, "
         "\"training\": {\"seq_len\": 16}",
         VRAM_OK, NULL},
        {"batch x seq_len overflow",
         "\"max_batch_size\": 16777216, \"max_seq_len\": 4294967296, \"engine\": \"transformers\"",
         VRAM_E_OVERFLOW,
         "the estimate overflows 64-bit byte counts (batch 16777216 x seq_len 4294967296 is too "
         "large)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        b.n = 0;
        printf_(&b, "{%s, %s}", l8b, cases[i].request);
        expect(cases[i].name, api_status(&b, NULL), cases[i].want, cases[i].frag);
    }

    static const struct {
        const char *name, *request;
        vram_status want;
        const char *frag;
    } bad[] = {
        {"negative integer", "\"max_batch_size\": -3", VRAM_E_RANGE,
         "max_batch_size must be > 0, got -3"},
        {"fraction", "\"max_batch_size\": 2.5", VRAM_E_TYPE,
         "max_batch_size must be an integer, got 2.5"},
        {"unknown field", "\"max_batch\": 2", VRAM_E_UNKNOWN_KEY, "max_batch is not a known field"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        b.n = 0;
        printf_(&b, "{%s, %s}", l8b, bad[i].request);
        expect(bad[i].name, api_status(&b, NULL), bad[i].want, bad[i].frag);
    }

    /* devices: tensor x pipeline x data parallel at most 65536 */
    for (int over = 0; over < 2; over++) {
        b.n = 0;
        printf_(&b, "{%s, \"pipeline_parallel_size\": 32, \"data_parallel_size\": %d}", l8b,
                over ? 2049 : 2048);
        expect(over ? "devices 65568" : "devices 65536", api_status(&b, NULL),
               over ? VRAM_E_RANGE : VRAM_OK,
               over ? "tp x pp x dp is 65568 devices, at most 65536 supported" : NULL);
    }

    /* lora_target_modules as a list: joined with commas into at most 1023
     * bytes; "q_proj" and 144 x ",v_proj" make 1014, then 8 more fit */
    for (int over = 0; over < 2; over++) {
        b.n = 0;
        printf_(&b, "{%s, \"mode\": \"lora\", \"training\": {\"lora_target_modules\": "
                    "[\"q_proj\"", l8b);
        for (int k = 0; k < 144; k++)
            puts_(&b, ", \"v_proj\"");
        puts_(&b, over ? ", \"gate_proj\"]}}" : ", \"gate_pro\"]}}");
        vram_status st = api_status(&b, NULL);
        if (over)
            expect("lora_target_modules of 1024 bytes", st, VRAM_E_RANGE,
                   "training.lora_target_modules: bad module name \"gate_proj\"");
        else
            expect("lora_target_modules of 1023 bytes", st, VRAM_E_UNKNOWN_KEY, "gate_pro");
    }

    /* model_name: kept to 127 bytes in the response, not an error */
    static const char pre[] = "{\"params_billions\": 7, \"model_name\": \"";
    b.n = 0;
    puts_(&b, pre);
    put_fill(&b, 'n', 200);
    puts_(&b, "\"}");
    char *out = NULL;
    vram_status st = api_status(&b, &out);
    char want[160];
    snprintf(want, sizeof want, "\"model_name\": \"%.127s\",", (const char *)b.p + strlen(pre));
    expect("model_name of 200 bytes", st, VRAM_OK, NULL);
    if (!out || !strstr(out, want)) {
        printf("FAIL model_name of 200 bytes: not cut to 127 bytes\n");
        failures++;
    }
    free(out);
    free(b.p);
}

/* ----------------------------------------------------------------- GGUF */

enum { GT_U8 = 0, GT_U32 = 4, GT_STR = 8, GT_ARR = 9 };

static void g_str(buf *b, const char *s, size_t n)
{
    put_le(b, n, 8);
    put(b, s, n);
}
static void g_key(buf *b, const char *k, uint32_t type)
{
    g_str(b, k, strlen(k));
    put_le(b, type, 4);
}
static void g_u32(buf *b, const char *k, uint32_t v)
{
    g_key(b, k, GT_U32);
    put_le(b, v, 4);
}

/* GGUF v3 header with counts, then `kv` pairs: a llama of `layers` layers
 * described by metadata alone (six pairs), then the caller adds more. */
static void g_start(buf *b, uint64_t tensors, uint64_t kvs, uint32_t layers)
{
    b->n = 0;
    put(b, "GGUF", 4);
    put_le(b, 3, 4);
    put_le(b, tensors, 8);
    put_le(b, kvs, 8);
    g_key(b, "general.architecture", GT_STR);
    g_str(b, "llama", 5);
    g_u32(b, "llama.block_count", layers);
    g_u32(b, "llama.embedding_length", 64);
    g_u32(b, "llama.attention.head_count", 4);
    g_u32(b, "llama.feed_forward_length", 128);
    g_u32(b, "llama.vocab_size", 100);
}
#define G_BASE_KV 6u

static vram_status gguf(const buf *b)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_gguf_buffer(b->p, b->n, &m);
    vram_model_destroy(m);
    return st;
}

/* A tensor info "name" of one F32 dimension of 8 values at `offset`. */
static void g_tensor(buf *b, const char *name, size_t nlen, uint64_t offset)
{
    g_str(b, name, nlen);
    put_le(b, 1, 4);
    put_le(b, 8, 8);
    put_le(b, 0, 4);
    put_le(b, offset, 8);
}

static void probe_gguf(void)
{
    buf b = {0};
    char name[80];

    g_start(&b, 0, G_BASE_KV, 1024); /* VRAM__MAX_LAYERS */
    expect("gguf block_count 1024", gguf(&b), VRAM_OK, NULL);
    g_start(&b, 0, G_BASE_KV, 1025);
    expect("gguf block_count 1025", gguf(&b), VRAM_E_LIMIT,
           "gguf: llama.block_count 1025 exceeds 1024 layers");

    /* GG_MAX_KV: filler pairs "x" = u8 0 (unused keys may repeat) */
    g_start(&b, 0, 100000, 2);
    for (unsigned i = G_BASE_KV; i < 100000; i++) {
        g_key(&b, "x", GT_U8);
        put_le(&b, 0, 1);
    }
    expect("gguf 100000 KV pairs", gguf(&b), VRAM_OK, NULL);
    g_start(&b, 0, 100001, 2);
    expect("gguf 100001 KV pairs", gguf(&b), VRAM_E_LIMIT, "gguf: byte 16: kv_count 100001 exceeds 100000");

    /* GG_MAX_TENSORS */
    g_start(&b, (uint64_t)1 << 20, G_BASE_KV, 2);
    for (uint64_t i = 0; i < (uint64_t)1 << 20; i++) {
        int n = snprintf(name, sizeof name, "t%07llu", (unsigned long long)i);
        g_tensor(&b, name, (size_t)n, i * 32);
    }
    expect("gguf 1048576 tensors", gguf(&b), VRAM_OK, NULL);
    g_start(&b, ((uint64_t)1 << 20) + 1, G_BASE_KV, 2);
    expect("gguf 1048577 tensors", gguf(&b), VRAM_E_LIMIT,
           "gguf: byte 8: tensor_count 1048577 exceeds 1048576");

    /* GG_MAX_STRING, GG_MAX_KEY, GG_MAX_NAME, GG_MAX_ARRAY */
    for (int over = 0; over < 2; over++) {
        g_start(&b, 0, G_BASE_KV + 1, 2);
        g_key(&b, "general.description", GT_STR);
        put_le(&b, ((uint64_t)16 << 20) + (uint64_t)over, 8);
        put_fill(&b, 'd', ((size_t)16 << 20) + (size_t)over);
        expect(over ? "gguf string of 16 MiB + 1" : "gguf string of 16 MiB", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK, over ? "string is 16777217 bytes, at most 16777216 allowed" : NULL);

        g_start(&b, 0, G_BASE_KV + 1, 2);
        put_le(&b, 65535u + (unsigned)over, 8);
        put_fill(&b, 'k', 65535u + (unsigned)over);
        put_le(&b, GT_U8, 4);
        put_le(&b, 0, 1);
        expect(over ? "gguf key of 65536 bytes" : "gguf key of 65535 bytes", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK, over ? "key is 65536 bytes, at most 65535 allowed" : NULL);

        g_start(&b, 1, G_BASE_KV, 2);
        memset(name, 'n', sizeof name);
        g_tensor(&b, name, 64u + (unsigned)over, 0);
        expect(over ? "gguf tensor name of 65 bytes" : "gguf tensor name of 64 bytes", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK,
               over ? "tensor name is 65 bytes, at most 64 allowed" : NULL);

        g_start(&b, 0, G_BASE_KV + 1, 2);
        g_key(&b, "general.bytes", GT_ARR);
        put_le(&b, GT_U8, 4);
        put_le(&b, ((uint64_t)1 << 24) + (uint64_t)over, 8);
        put_fill(&b, 0, ((size_t)1 << 24) + (size_t)over);
        expect(over ? "gguf array of 2^24 + 1" : "gguf array of 2^24", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK,
               over ? "array of 16777217 elements, at most 16777216 allowed" : NULL);

        /* GG_MAX_DEPTH: 8 array headers nested, then 9 */
        g_start(&b, 0, G_BASE_KV + 1, 2);
        g_key(&b, "general.nested", GT_ARR);
        unsigned levels = 8u + (unsigned)over;
        for (unsigned l = 1; l < levels; l++) {
            put_le(&b, GT_ARR, 4);
            put_le(&b, 1, 8);
        }
        put_le(&b, GT_U8, 4);
        put_le(&b, 0, 8);
        expect(over ? "gguf arrays nested 9 deep" : "gguf arrays nested 8 deep", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK, over ? "arrays nested deeper than 8 levels" : NULL);

        /* GG_MAX_CAPTURES: "<prefix>.block_count" keys of other architectures */
        unsigned others = 512u - 5u + (unsigned)over; /* the llama keys capture 5 */
        g_start(&b, 0, G_BASE_KV + others, 2);
        for (unsigned i = 0; i < others; i++) {
            snprintf(name, sizeof name, "a%03u.block_count", i);
            g_u32(&b, name, 1);
        }
        expect(over ? "gguf 513 architecture keys" : "gguf 512 architecture keys", gguf(&b),
               over ? VRAM_E_LIMIT : VRAM_OK, over ? "more than 512 architecture keys" : NULL);
    }

    /* n_dims > 4 */
    g_start(&b, 1, G_BASE_KV, 2);
    g_str(&b, "t", 1);
    put_le(&b, 5, 4);
    for (int d = 0; d < 5; d++)
        put_le(&b, 1, 8);
    put_le(&b, 0, 4);
    put_le(&b, 0, 8);
    expect("gguf tensor of 5 dimensions", gguf(&b), VRAM_E_PARSE, "has 5 dimensions, at most 4");

    g_start(&b, 0, G_BASE_KV, 0);
    expect("gguf block_count 0", gguf(&b), VRAM_E_PARSE, "gguf: llama.block_count is 0");

    /* a per-layer array must have block_count values */
    g_start(&b, 0, G_BASE_KV + 1, 2);
    g_key(&b, "llama.attention.head_count_kv", GT_ARR);
    put_le(&b, GT_U32, 4);
    put_le(&b, 3, 8);
    for (int i = 0; i < 3; i++)
        put_le(&b, 2, 4);
    expect("gguf per-layer array of 3 for 2 layers", gguf(&b), VRAM_E_PARSE,
           "llama.attention.head_count_kv has 3 values for 2 layers");

    /* ggml's ne are int64: 2^32 x 2^31 overflows */
    g_start(&b, 1, G_BASE_KV, 2);
    g_str(&b, "t", 1);
    put_le(&b, 2, 4);
    put_le(&b, UINT64_C(1) << 32, 8);
    put_le(&b, UINT64_C(1) << 31, 8);
    put_le(&b, 0, 4);
    put_le(&b, 0, 8);
    expect("gguf tensor of 2^63 elements", gguf(&b), VRAM_E_PARSE,
           "tensor \"t\": the product of its dimensions overflows int64");

    /* F32 bytes of 2^62 values: 2^64; a tensor that ends past 2^64 */
    for (int k = 0; k < 2; k++) {
        g_start(&b, 1, G_BASE_KV, 2);
        g_str(&b, "t", 1);
        put_le(&b, 1, 4);
        put_le(&b, k ? UINT64_C(1) << 60 : UINT64_C(1) << 62, 8);
        put_le(&b, 0, 4);
        put_le(&b, k ? UINT64_C(0xF000000000000000) : 0, 8);
        expect(k ? "gguf tensor ending past 2^64" : "gguf tensor of 2^64 bytes", gguf(&b),
               VRAM_E_PARSE, k ? "tensor \"t\" ends past 2^64" : "tensor \"t\": byte size overflows");
    }

    /* general.architecture: 63 bytes at most */
    for (int over = 0; over < 2; over++) {
        char arch[70];
        memset(arch, 'q', sizeof arch);
        size_t al = 63u + (size_t)over;
        b.n = 0;
        put(&b, "GGUF", 4);
        put_le(&b, 3, 4);
        put_le(&b, 0, 8);
        put_le(&b, 6, 8);
        g_key(&b, "general.architecture", GT_STR);
        g_str(&b, arch, al);
        static const char *const keys[] = {"block_count", "embedding_length",
                                           "attention.head_count", "feed_forward_length",
                                           "vocab_size"};
        static const uint32_t vals[] = {2, 64, 4, 128, 100};
        for (int k = 0; k < 5; k++) {
            char key[128];
            snprintf(key, sizeof key, "%.*s.%s", (int)al, arch, keys[k]);
            g_u32(&b, key, vals[k]);
        }
        expect(over ? "gguf architecture of 64 bytes" : "gguf architecture of 63 bytes", gguf(&b),
               over ? VRAM_E_PARSE : VRAM_OK,
               over ? "general.architecture is empty, too long or contains a NUL" : NULL);
    }

    /* general.name: kept to 127 bytes */
    g_start(&b, 0, G_BASE_KV + 1, 2);
    g_key(&b, "general.name", GT_STR);
    put_le(&b, 200, 8);
    put_fill(&b, 'n', 200);
    {
        vram_model *m = NULL;
        vram_status st = vram_model_from_gguf_buffer(b.p, b.n, &m);
        expect("gguf general.name of 200 bytes", st, VRAM_OK, NULL);
        if (st == VRAM_OK && strlen(vram_model_name(m)) != 127) {
            printf("FAIL gguf general.name of 200 bytes: kept %zu bytes\n",
                   strlen(vram_model_name(m)));
            failures++;
        }
        vram_model_destroy(m);
    }

    b.n = 0;
    put(&b, "GGUF", 4);
    put_le(&b, 1, 4);
    put_le(&b, 0, 8);
    put_le(&b, 0, 8);
    expect("gguf version 1", gguf(&b), VRAM_E_PARSE, "gguf: byte 4: GGUF v1 is not supported");

    /* model key ranges reached from metadata */
    g_start(&b, 0, G_BASE_KV + 2, 2);
    g_u32(&b, "llama.expert_count", 65537);
    g_u32(&b, "llama.expert_used_count", 2);
    expect("gguf expert_count 65537", gguf(&b), VRAM_E_LIMIT,
           "gguf: llama.expert_count = 65537: num_experts must be in [0, 65536], got 65537");
    free(b.p);

    /* GG_MAX_HEADER, 1 GiB: 65 string values of 16 MiB in a sparse file */
    char path[512];
    const char *tmp = getenv("TMPDIR");
    snprintf(path, sizeof path, "%s/vramest-limits-XXXXXX", tmp && *tmp ? tmp : "/tmp");
    int fd = mkstemp(path);
    FILE *f = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (!f) {
        printf("FAIL gguf header of 1 GiB: cannot create a temporary file\n");
        failures++;
        return;
    }
    buf h = {0};
    g_start(&h, 0, G_BASE_KV + 65, 2);
    fwrite(h.p, 1, h.n, f);
    long long at = (long long)h.n;
    for (int i = 0; i < 65; i++) {
        h.n = 0;
        snprintf(name, sizeof name, "general.blob%02d", i);
        g_key(&h, name, GT_STR);
        put_le(&h, (uint64_t)16 << 20, 8);
        fseeko(f, (off_t)at, SEEK_SET);
        fwrite(h.p, 1, h.n, f);
        at += (long long)h.n + (16LL << 20);
    }
    bool ok = ftruncate(fd, (off_t)at) == 0;
    ok = fclose(f) == 0 && ok;
    free(h.p);
    vram_model *m = NULL;
    vram_status st = ok ? vram_model_from_gguf_file(path, &m) : VRAM_E_IO;
    vram_model_destroy(m);
    expect("gguf header past 1 GiB", st, VRAM_E_LIMIT, "header exceeds 1073741824 bytes");
    remove(path);
}

/* ----------------------------------------------------------- safetensors */

/* A one-layer Qwen3-style header (q_norm gives head_dim), tensors laid end
 * to end, then one more tensor `name` of `dtype`, `shape` and `bytes` (NULL
 * name: none). */
static void st_header(buf *b, const char *name, const char *dtype, const char *shape,
                      uint64_t bytes)
{
    static const struct {
        const char *name;
        unsigned d0, d1;
    } t[] = {
        {"model.embed_tokens.weight", 100, 64},
        {"model.layers.0.self_attn.q_proj.weight", 64, 64},
        {"model.layers.0.self_attn.k_proj.weight", 32, 64},
        {"model.layers.0.self_attn.v_proj.weight", 32, 64},
        {"model.layers.0.self_attn.o_proj.weight", 64, 64},
        {"model.layers.0.self_attn.q_norm.weight", 16, 0},
        {"model.layers.0.mlp.up_proj.weight", 128, 64},
        {"model.layers.0.mlp.down_proj.weight", 64, 128},
    };
    buf j = {0};
    uint64_t at = 0;
    puts_(&j, "{\"__metadata__\": {\"format\": \"pt\"}");
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        uint64_t n = 2u * t[i].d0 * (t[i].d1 ? t[i].d1 : 1);
        if (t[i].d1)
            printf_(&j, ", \"%s\": {\"dtype\": \"BF16\", \"shape\": [%u, %u], ", t[i].name,
                    t[i].d0, t[i].d1);
        else
            printf_(&j, ", \"%s\": {\"dtype\": \"BF16\", \"shape\": [%u], ", t[i].name, t[i].d0);
        printf_(&j, "\"data_offsets\": [%llu, %llu]}", (unsigned long long)at,
                (unsigned long long)(at + n));
        at += n;
    }
    if (name)
        printf_(&j, ", \"%s\": {\"dtype\": \"%s\", \"shape\": %s, \"data_offsets\": [%llu, %llu]}",
                name, dtype, shape, (unsigned long long)at, (unsigned long long)(at + bytes));
    puts_(&j, "}");
    b->n = 0;
    put_le(b, j.n, 8);
    put(b, j.p, j.n);
    free(j.p);
}

static vram_status st_buf(const buf *b)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_safetensors_buffer(b->p, b->n, &m);
    vram_model_destroy(m);
    return st;
}

static void probe_safetensors(void)
{
    buf b = {0};
    /* ST_MAX_HEADER, 100 MiB: "{}" padded with spaces, then one more byte */
    const uint64_t max = (uint64_t)100 << 20;
    put_le(&b, max, 8);
    puts_(&b, "{}");
    put_fill(&b, ' ', (size_t)max - 2);
    expect("safetensors header of 100 MiB", st_buf(&b), VRAM_E_INCOMPLETE,
           "no Llama-style token embedding");
    b.n = 0;
    put_le(&b, max + 1, 8);
    puts_(&b, "{}");
    expect("safetensors header of 100 MiB + 1", st_buf(&b), VRAM_E_LIMIT,
           "safetensors header: header length 104857601 is more than the 104857600-byte limit");

    /* ST_MAX_DIMS */
    st_header(&b, "extra.weight", "F32", "[1,1,1,1,1,1,1,1]", 4);
    expect("safetensors tensor of 8 dimensions", st_buf(&b), VRAM_OK, NULL);
    st_header(&b, "extra.weight", "F32", "[1,1,1,1,1,1,1,1,1]", 4);
    expect("safetensors tensor of 9 dimensions", st_buf(&b), VRAM_E_LIMIT,
           "extra.weight.shape: 9 dimensions, at most 8 supported");

    /* VRAM__MAX_LAYERS: layer indices 0 .. 1023 */
    st_header(&b, "model.layers.1023.x.weight", "F32", "[1]", 4);
    expect("safetensors layer 1023", st_buf(&b), VRAM_OK, NULL);
    st_header(&b, "model.layers.1024.x.weight", "F32", "[1]", 4);
    expect("safetensors layer 1024", st_buf(&b), VRAM_E_LIMIT,
           "tensor model.layers.1024.x.weight is in layer 1024, at most 1024 layers");

    /* the length says more than the bytes that follow */
    b.n = 0;
    put_le(&b, 64, 8);
    puts_(&b, "{}");
    expect("safetensors header length past the input", st_buf(&b), VRAM_E_PARSE,
           "safetensors header: header length 64 exceeds the 2 bytes after it");

    /* the name prefix before embed_tokens.weight: 191 bytes */
    for (int over = 0; over < 2; over++) {
        char nm[260];
        size_t pl = 191u + (size_t)over;
        memset(nm, 'p', pl);
        strcpy(nm + pl, "embed_tokens.weight");
        buf j = {0};
        printf_(&j, "{\"%s\": {\"dtype\": \"BF16\", \"shape\": [100, 64], "
                    "\"data_offsets\": [0, 12800]}}", nm);
        b.n = 0;
        put_le(&b, j.n, 8);
        put(&b, j.p, j.n);
        free(j.p);
        expect(over ? "safetensors name prefix of 192 bytes" : "safetensors name prefix of 191 bytes",
               st_buf(&b), over ? VRAM_E_LIMIT : VRAM_E_INCOMPLETE,
               over ? "is too long" : "no decoder layers");
    }

    /* a tensor whose byte size does not fit in 64 bits */
    st_header(&b, "extra.weight", "F32", "[4294967296, 4294967296]", 4);
    expect("safetensors tensor of 2^64 values", st_buf(&b), VRAM_E_OVERFLOW,
           "extra.weight.shape: the tensor's size overflows 64 bits");
    free(b.p);

    /* the directory of a path, with config.json appended, in 4096 bytes */
    for (int over = 0; over < 2; over++) {
        char *path = malloc(5000);
        size_t dl = 4084u + (size_t)over; /* "/aaa.../": dl + "config.json" + NUL */
        path[0] = '/';
        memset(path + 1, 'a', dl - 2);
        path[dl - 1] = '/';
        strcpy(path + dl, "x.safetensors");
        vram_model *m = NULL;
        vram_status st = vram_model_from_safetensors_file(path, &m);
        vram_model_destroy(m);
        expect(over ? "safetensors directory of 4085 bytes" : "safetensors directory of 4084 bytes",
               st, over ? VRAM_E_LIMIT : VRAM_E_IO,
               over ? "path /aaaaaaaa" /* "... is too long", cut at 255 bytes */ : "cannot open");
        free(path);
    }

    /* model.safetensors.index.json: at most 100 MiB (sparse files of zeros) */
    for (int over = 0; over < 2; over++) {
        char dir[512], path[600];
        const char *tmp = getenv("TMPDIR");
        snprintf(dir, sizeof dir, "%s/vramest-limits-XXXXXX", tmp && *tmp ? tmp : "/tmp");
        bool ok = mkdtemp(dir) != NULL;
        snprintf(path, sizeof path, "%s/model.safetensors.index.json", dir);
        FILE *f = ok ? fopen(path, "wb") : NULL;
        ok = f && ftruncate(fileno(f), (off_t)(((off_t)100 << 20) + over)) == 0;
        if (f)
            ok = fclose(f) == 0 && ok;
        vram_model *m = NULL;
        vram_status st = ok ? vram_model_from_safetensors_file(path, &m) : VRAM_E_IO;
        vram_model_destroy(m);
        expect(over ? "safetensors index of 100 MiB + 1" : "safetensors index of 100 MiB", st,
               over ? VRAM_E_LIMIT : VRAM_E_PARSE,
               over ? "is more than 104857600 bytes" : "byte 0: expected a value, got byte 0x00");
        remove(path);
        rmdir(dir);
    }
}

/* ------------------------------------------------------------------ keys */

/* Each key's range, at both ends and one step beyond (lib/config.c ckeys,
 * lib/model.c mkeys): the JSON API and the model sources set these keys. */
static void probe_keys(void)
{
    static const struct {
        vram_config_key key;
        const char *name;
        uint64_t min, max;
    } ck[] = {
        {VRAM_CFG_BATCH_SIZE, "batch_size", 1, UINT64_C(1) << 24},
        {VRAM_CFG_SEQ_LEN, "seq_len", 1, UINT64_C(1) << 32},
        {VRAM_CFG_PROMPT_LEN, "prompt_len", 1, UINT64_C(1) << 32},
        {VRAM_CFG_TP, "tensor_parallel_size", 1, 1024},
        {VRAM_CFG_PP, "pipeline_parallel_size", 1, 64},
        {VRAM_CFG_DP, "data_parallel_size", 1, UINT64_C(1) << 20},
        {VRAM_CFG_EP, "expert_parallel_size", 1, UINT64_C(1) << 16},
        {VRAM_CFG_LORA_RANK, "lora_rank", 1, UINT64_C(1) << 16},
        {VRAM_CFG_GRAD_ACCUM_STEPS, "grad_accum_steps", 1, UINT64_C(1) << 20},
        {VRAM_CFG_PP_MICROBATCHES, "pp_microbatches", 1, 4096},
        {VRAM_CFG_GPU_MEMORY_BYTES, "gpu_memory_bytes", 1, UINT64_C(1) << 50},
        {VRAM_CFG_MAX_NUM_BATCHED_TOKENS, "max_num_batched_tokens", 1, UINT64_C(1) << 32},
        {VRAM_CFG_MAX_NUM_SEQS, "max_num_seqs", 1, UINT64_C(1) << 24},
        {VRAM_CFG_BLOCK_SIZE, "block_size", 1, UINT64_C(1) << 16},
        {VRAM_CFG_MAX_MODEL_LEN, "max_model_len", 1, UINT64_C(1) << 32},
        {VRAM_CFG_N_CTX, "n_ctx", 1, UINT64_C(1) << 32},
        {VRAM_CFG_N_BATCH, "n_batch", 1, UINT64_C(1) << 24},
        {VRAM_CFG_N_UBATCH, "n_ubatch", 1, UINT64_C(1) << 24},
        {VRAM_CFG_N_SEQ, "n_seq", 1, UINT64_C(1) << 16},
        {VRAM_CFG_N_GPU_LAYERS, "n_gpu_layers", 0, UINT64_C(1) << 16},
        {VRAM_CFG_CUDA_CONTEXT_BYTES, "cuda_context_bytes", 0, UINT64_C(1) << 40},
        {VRAM_CFG_WORKSPACE_BYTES, "workspace_bytes", 0, UINT64_C(1) << 40},
        {VRAM_CFG_NON_TORCH_BYTES, "non_torch_bytes", 0, UINT64_C(1) << 40},
        {VRAM_CFG_COMM_BUFFER_BYTES, "comm_buffer_bytes", 0, UINT64_C(1) << 40},
        {VRAM_CFG_CUDA_GRAPH_BYTES, "cuda_graph_bytes", 0, UINT64_C(1) << 40},
    };
    static const struct {
        vram_model_key key;
        const char *name;
        uint64_t min, max;
    } mk[] = {
        {VRAM_MODEL_NUM_LAYERS, "num_layers", 1, 1024},
        {VRAM_MODEL_HIDDEN_SIZE, "hidden_size", 1, UINT64_C(1) << 20},
        {VRAM_MODEL_NUM_HEADS, "num_heads", 1, UINT64_C(1) << 16},
        {VRAM_MODEL_NUM_KV_HEADS, "num_kv_heads", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_HEAD_DIM, "head_dim", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_V_HEAD_DIM, "v_head_dim", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_QK_NOPE_HEAD_DIM, "qk_nope_head_dim", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_QK_ROPE_HEAD_DIM, "qk_rope_head_dim", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_INTERMEDIATE_SIZE, "intermediate_size", 0, UINT64_C(1) << 24},
        {VRAM_MODEL_MOE_INTERMEDIATE_SIZE, "moe_intermediate_size", 0, UINT64_C(1) << 24},
        {VRAM_MODEL_SHARED_INTERMEDIATE_SIZE, "shared_intermediate_size", 0, UINT64_C(1) << 24},
        {VRAM_MODEL_VOCAB_SIZE, "vocab_size", 1, UINT64_C(1) << 24},
        {VRAM_MODEL_MAX_POSITION_EMBEDDINGS, "max_position_embeddings", 0, UINT64_C(1) << 32},
        {VRAM_MODEL_SLIDING_WINDOW, "sliding_window", 0, UINT64_C(1) << 32},
        {VRAM_MODEL_NUM_EXPERTS, "num_experts", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_EXPERTS_PER_TOKEN, "experts_per_token", 0, UINT64_C(1) << 16},
        {VRAM_MODEL_NUM_SHARED_EXPERTS, "num_shared_experts", 0, 256},
        {VRAM_MODEL_FIRST_K_DENSE, "first_k_dense", 0, 1024},
        {VRAM_MODEL_MOE_LAYER_STEP, "moe_layer_step", 1, 1024},
        {VRAM_MODEL_SLIDING_PATTERN, "sliding_pattern", 0, 1024},
        {VRAM_MODEL_Q_LORA_RANK, "q_lora_rank", 0, UINT64_C(1) << 20},
        {VRAM_MODEL_KV_LORA_RANK, "kv_lora_rank", 0, UINT64_C(1) << 20},
        {VRAM_MODEL_QUANT_BLOCK_SIZE, "quant_block_size", 0, 4096},
        {VRAM_MODEL_EXTRA_PARAMS, "extra_params", 0, UINT64_C(1) << 44},
        {VRAM_MODEL_PARAMS_OVERRIDE, "params_override", 0, UINT64_C(1) << 44},
    };
    char label[96], frag[128];
    vram_config *c = NULL;
    vram_model *m = NULL;
    if (vram_config_create(&c) != VRAM_OK || vram_model_create(&m) != VRAM_OK) {
        printf("FAIL keys: setup\n");
        failures++;
        return;
    }
    for (size_t i = 0; i < sizeof ck / sizeof ck[0]; i++) {
        snprintf(label, sizeof label, "config %s %llu", ck[i].name, (unsigned long long)ck[i].max);
        expect(label, vram_config_set_u64(c, ck[i].key, ck[i].max), VRAM_OK, NULL);
        snprintf(label, sizeof label, "config %s %llu", ck[i].name, (unsigned long long)ck[i].max + 1);
        snprintf(frag, sizeof frag, "%s must be in [%llu, %llu], got %llu", ck[i].name,
                 (unsigned long long)ck[i].min, (unsigned long long)ck[i].max,
                 (unsigned long long)ck[i].max + 1);
        expect(label, vram_config_set_u64(c, ck[i].key, ck[i].max + 1), VRAM_E_RANGE, frag);
        vram_config_unset(c, ck[i].key);
    }
    for (size_t i = 0; i < sizeof mk / sizeof mk[0]; i++) {
        snprintf(label, sizeof label, "model %s %llu", mk[i].name, (unsigned long long)mk[i].max);
        expect(label, vram_model_set_u64(m, mk[i].key, mk[i].max), VRAM_OK, NULL);
        snprintf(label, sizeof label, "model %s %llu", mk[i].name, (unsigned long long)mk[i].max + 1);
        snprintf(frag, sizeof frag, "%s must be in [%llu, %llu], got %llu", mk[i].name,
                 (unsigned long long)mk[i].min, (unsigned long long)mk[i].max,
                 (unsigned long long)mk[i].max + 1);
        expect(label, vram_model_set_u64(m, mk[i].key, mk[i].max + 1), VRAM_E_RANGE, frag);
    }
    expect("model quant_bits 5", vram_model_set_u64(m, VRAM_MODEL_QUANT_BITS, 5), VRAM_E_RANGE,
           "quant_bits must be 2, 3, 4 or 8 (0 = default), got 5");
    expect("model quant_group_size 2^24", vram_model_set_u64(m, VRAM_MODEL_QUANT_GROUP_SIZE,
                                                             UINT64_C(1) << 24), VRAM_OK, NULL);
    expect("model quant_group_size 2^24 + 1",
           vram_model_set_u64(m, VRAM_MODEL_QUANT_GROUP_SIZE, (UINT64_C(1) << 24) + 1), VRAM_E_RANGE,
           "quant_group_size must be <= 16777216 or VRAM_GROUP_PER_CHANNEL, got 16777217");

    /* the display name: 127 bytes */
    char name[129];
    memset(name, 'n', sizeof name);
    name[127] = '\0';
    expect("model name of 127 bytes", vram_model_set_name(m, name), VRAM_OK, NULL);
    name[127] = 'n';
    name[128] = '\0';
    expect("model name of 128 bytes", vram_model_set_name(m, name), VRAM_E_LIMIT,
           "model name is 128 bytes, at most 127 allowed");
    vram_model_destroy(m);
    vram_config_destroy(c);
}

/* ------------------------------------------------------------- estimates */

static void probe_estimate(void)
{
    vram_model *m = NULL;
    vram_config *c = NULL;
    vram_result *r = NULL;
    if (vram_model_from_preset("meta-llama/Llama-3.1-8B", &m) != VRAM_OK ||
        vram_config_create(&c) != VRAM_OK || vram_result_create(&r) != VRAM_OK) {
        printf("FAIL estimate: setup\n");
        failures++;
        return;
    }
    /* the largest batch and sequence the config accepts */
    vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, UINT64_C(1) << 24);
    vram_config_set_u64(c, VRAM_CFG_SEQ_LEN, UINT64_C(1) << 32);
    expect("estimate of 2^56 tokens", vram_estimate_inference(m, c, r), VRAM_E_OVERFLOW,
           "the estimate overflows 64-bit byte counts (batch 16777216 x seq_len 4294967296 is "
           "too large)");
    uint64_t b;
    expect("result after an overflow", vram_result_bytes(r, 0, VRAM_PART_TOTAL, &b), VRAM_E_RANGE,
           "the result holds no estimate");
    expect("batch 2^24 + 1", vram_config_set_u64(c, VRAM_CFG_BATCH_SIZE, (UINT64_C(1) << 24) + 1),
           VRAM_E_RANGE, "batch_size must be in [1, 16777216], got 16777217");
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
}

int main(void)
{
    probe_json();
    probe_api();
    probe_gguf();
    probe_safetensors();
    probe_keys();
    probe_estimate();
    if (failures) {
        printf("%d probe(s) failed\n", failures);
        return 1;
    }
    printf("every limit holds\n");
    return 0;
}
