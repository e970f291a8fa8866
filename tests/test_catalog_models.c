/*
 * test_catalog_models.c - the preset catalog, closed-model names and
 * architectures estimated from a parameter count.
 */
#include "vram_test.h"

#include <ctype.h>

#define G(m, k) vt_get((m), VRAM_MODEL_##k)

static vram_model *preset(const char *name)
{
    vram_model *m = NULL;
    vram_status st = vram_model_from_preset(name, &m);
    if (st != VRAM_OK)
        fail_msg("%s: %s: %s", name, vram_status_name(st), vram_last_error());
    return m;
}

/* Every row loads, validates, is named by its id; ids and aliases are
 * unique and aliases lower case. */
static void test_catalog_every_preset(void **state)
{
    (void)state;
    uint32_t n = vram_preset_count();
    assert_true(n >= 50);
    assert_null(vram_preset_id(n));
    assert_null(vram_preset_aliases(n));
    for (uint32_t i = 0; i < n; i++) {
        const char *id = vram_preset_id(i), *al = vram_preset_aliases(i);
        assert_non_null(id);
        assert_non_null(al);
        for (const char *p = al; *p; p++)
            assert_false(isupper((unsigned char)*p));
        vram_model *m = preset(id);
        assert_ok(vram_model_validate(m));
        assert_string_equal(vram_model_name(m), id);
        vram_model_destroy(m);
        /* no other row answers to this id or to any of these aliases */
        char one[64];
        const char *a = al;
        for (;;) {
            const char *comma = strchr(a, ',');
            size_t len = comma ? (size_t)(comma - a) : strlen(a);
            assert_true(len > 0 && len < sizeof one);
            memcpy(one, a, len);
            one[len] = '\0';
            vram_model *x = preset(one);
            assert_string_equal(vram_model_name(x), id);
            vram_model_destroy(x);
            if (!comma)
                break;
            a = comma + 1;
        }
        for (uint32_t j = i + 1; j < n; j++)
            assert_true(strcmp(vram_preset_id(j), id) != 0);
    }
}

/* Counts of some presets against published figures. */
static void test_catalog_counts(void **state)
{
    (void)state;
    struct {
        const char *name;
        uint64_t total;
    } cases[] = {
        /* huggingface.js parse-safetensors-metadata.spec.ts */
        {"llama-3.1-8b", UINT64_C(8030261248)},
        /* huggingface.js gguf.spec.ts "param count for llama2 7b" */
        {"llama-2-7b", UINT64_C(6738415616)},
        /* Qwen2-VL-7B-Instruct index total_size 16,582,751,232 / 2 (bf16) */
        {"qwen2-vl-7b", UINT64_C(16582751232) / 2},
        /* Qwen1.5-7B index total_size 15,442,649,088 / 2 (bf16) */
        {"qwen1.5-7b", UINT64_C(15442649088) / 2},
        /* WizardLM-2-8x22B (Mixtral-8x22B shapes) index 281,241,268,224 / 2 */
        {"mixtral-8x22b", UINT64_C(281241268224) / 2},
        /* gemma-2b-it index 5,012,344,832 / 2 */
        {"gemma-2b", UINT64_C(5012344832) / 2},
        /* medgemma-27b-it index 54,864,813,280 / 2 */
        {"gemma-3-27b", UINT64_C(54864813280) / 2},
        /* huggingface.js: gpt-oss-20b BF16 + U8 x 2 */
        {"gpt-oss-20b", UINT64_C(1804459584) + UINT64_C(19110297600)},
        /* EleutherAI/pythia README: Pythia-410M */
        {"pythia-410m", UINT64_C(405334016)},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vram_model *m = preset(cases[i].name);
        if (G(m, PARAMS_TOTAL) != cases[i].total)
            fail_msg("%s: %llu, want %llu", cases[i].name, (unsigned long long)G(m, PARAMS_TOTAL),
                     (unsigned long long)cases[i].total);
        vram_model_destroy(m);
    }
}

/* DeepSeek-V2-Lite: the row adds the "q_lora_rank": null of the real config
 * to MLC's preset. By hand: MLA per layer q_proj 2048 x 16 x 192 +
 * kv_a 2048 x 576 + kv_a norm 512 + kv_b 512 x 16 x 256 + o 2048 x 2048 =
 * 13,763,072, two norms 4,096; layer 0 dense 3 x 2048 x 10944; 26 MoE layers
 * of 64 + 2 shared experts of 3 x 2048 x 1408 and a router 2048 x 64;
 * embeddings and head 2 x 102400 x 2048; final norm. DeepSeek publishes
 * "15.7B". */
static void test_catalog_deepseek_v2_lite(void **state)
{
    (void)state;
    vram_model *m = preset("deepseek-v2-lite");
    uint64_t common = UINT64_C(13763072) + 4096;
    uint64_t dense = common + UINT64_C(3) * 2048 * 10944;
    uint64_t moe = common + UINT64_C(66) * 3 * 2048 * 1408 + 2048 * 64;
    uint64_t total = dense + 26 * moe + UINT64_C(2) * 102400 * 2048 + 2048;
    assert_int_equal(G(m, PARAMS_TOTAL), total);
    assert_int_equal(total, UINT64_C(15706484224));
    assert_int_equal(G(m, Q_LORA_RANK), 0);
    vram_model_destroy(m);
}

/* A preset and its config file are the same model. */
static void test_catalog_matches_files(void **state)
{
    (void)state;
    const char *dir = getenv("VRAMEST_TEST_DATA");
    assert_non_null(dir);
    const struct {
        const char *alias, *file;
    } pairs[] = {{"llama-3.1-8b", "llama-3.1-8b"},
                 {"gemma-2-9b", "gemma-2-9b-it"},
                 {"qwen3-30b-a3b", "qwen3-30b-a3b"},
                 {"falcon-40b", "falcon-40b"},
                 {"llava-1.5-7b", "llava-1.5-7b-hf"},
                 {"gpt-oss-120b", "gpt-oss-120b"}};
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0]; i++) {
        char path[512];
        snprintf(path, sizeof path, "%s/models/%s.config.json", dir, pairs[i].file);
        vram_model *f = NULL, *p = preset(pairs[i].alias);
        assert_ok(vram_model_from_hf_config_file(path, &f));
        assert_int_equal(G(p, PARAMS_TOTAL), G(f, PARAMS_TOTAL));
        assert_int_equal(G(p, PARAMS_ACTIVE), G(f, PARAMS_ACTIVE));
        assert_int_equal(G(p, KV_ELEMENTS_PER_TOKEN), G(f, KV_ELEMENTS_PER_TOKEN));
        assert_int_equal(G(p, NUM_SLIDING_LAYERS), G(f, NUM_SLIDING_LAYERS));
        assert_int_equal(G(p, WEIGHT_DTYPE), G(f, WEIGHT_DTYPE));
        vram_model_destroy(p);
        vram_model_destroy(f);
    }
}

static void test_catalog_names(void **state)
{
    (void)state;
    /* case and separators do not matter (vram__name_eq) */
    const char *spellings[] = {"meta-llama/Llama-3.1-8B", "META-LLAMA/LLAMA-3.1-8B", "llama-3.1-8b",
                               "Llama_3.1_8B", "llama 3.1 8b"};
    for (size_t i = 0; i < sizeof spellings / sizeof spellings[0]; i++) {
        vram_model *m = preset(spellings[i]);
        assert_string_equal(vram_model_name(m), "meta-llama/Llama-3.1-8B");
        vram_model_destroy(m);
    }
    /* Instruct releases with the base shapes resolve to the base row */
    const char *instruct[][2] = {{"meta-llama/Llama-3.1-8B-Instruct", "meta-llama/Llama-3.1-8B"},
                                 {"meta-llama/Llama-3.3-70B-Instruct", "meta-llama/Llama-3.1-70B"},
                                 {"Qwen/Qwen2.5-7B-Instruct", "Qwen/Qwen2.5-7B"},
                                 {"mistralai/Mixtral-8x7B-Instruct-v0.1", "mistralai/Mixtral-8x7B-v0.1"},
                                 {"google/gemma-2-27b-it", "google/gemma-2-27b"}};
    for (size_t i = 0; i < sizeof instruct / sizeof instruct[0]; i++) {
        vram_model *im = preset(instruct[i][0]);
        assert_string_equal(vram_model_name(im), instruct[i][1]);
        vram_model_destroy(im);
    }
    /* the re-saved rows drop the re-save's fp32: the library default bf16 */
    vram_model *m = preset("llama-2-70b");
    assert_int_equal(G(m, WEIGHT_DTYPE), VRAM_DTYPE_BF16);
    vram_model_destroy(m);
}

static void test_catalog_closed_and_unknown(void **state)
{
    (void)state;
    const char *closed[] = {"gpt-4", "GPT-4o", "openai/gpt-4o-mini", "gpt-3.5-turbo",
                            "claude-3-opus", "Claude 3.5 Sonnet", "gemini-1.5-pro", "o1"};
    for (size_t i = 0; i < sizeof closed / sizeof closed[0]; i++) {
        vram_model *m = NULL;
        assert_status(vram_model_from_preset(closed[i], &m), VRAM_E_NOT_FOUND);
        assert_non_null(strstr(vram_last_error(), "architecture is not public"));
        assert_non_null(strstr(vram_last_error(), "params_billions"));
        assert_null(m);
    }
    /* open names that merely start like a closed one are just unknown */
    const char *unknown[] = {"palmyra-x", "claudette", "no-such-model"};
    for (size_t i = 0; i < sizeof unknown / sizeof unknown[0]; i++) {
        vram_model *m = NULL;
        assert_status(vram_model_from_preset(unknown[i], &m), VRAM_E_NOT_FOUND);
        assert_non_null(strstr(vram_last_error(), "not in the catalog"));
    }
    vram_model *m = NULL;
    assert_status(vram_model_from_preset(NULL, &m), VRAM_E_INVALID_ARG);
    assert_status(vram_model_from_preset("gpt2", NULL), VRAM_E_INVALID_ARG);
}

static void test_param_count_range(void **state)
{
    (void)state;
    vram_model *m = NULL;
    const double bad[] = {NAN, INFINITY, -INFINITY, 999999.0, 1.0000001e13, -7e9, 0.0};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_status(vram_model_from_param_count(bad[i], &m), VRAM_E_RANGE);
        assert_null(m);
        assert_non_null(strstr(vram_last_error(), "params must be a number in [1e6, 1e13]"));
    }
    assert_status(vram_model_from_param_count(7e9, NULL), VRAM_E_INVALID_ARG);
}

/* 7e9: the widths of Llama-3.1-8B (the nearest published size) and the
 * depth that makes the count: per layer 4096 x (4096 + 1024 + 1024 + 4096)
 * + 3 x 4096 x 14336 + 2 x 4096 = 218,112,000; embeddings and head
 * 2 x 128256 x 4096 + final norm 4096 = 1,050,677,248;
 * (7e9 - 1,050,677,248) / 218,112,000 = 27.3 -> 27 layers. */
static void test_param_count_llama_widths(void **state)
{
    (void)state;
    vram_model *m = NULL;
    assert_ok(vram_model_from_param_count(7e9, &m));
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(7000000000));
    assert_int_equal(G(m, PARAMS_OVERRIDE), UINT64_C(7000000000));
    assert_int_equal(G(m, NUM_LAYERS), 27);
    assert_int_equal(G(m, HIDDEN_SIZE), 4096);
    assert_int_equal(G(m, NUM_HEADS), 32);
    assert_int_equal(G(m, NUM_KV_HEADS), 8);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 14336);
    assert_int_equal(G(m, VOCAB_SIZE), 128256);
    /* every estimate says the architecture was estimated */
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_true(vt_res(r, VRAM_RES_WARNINGS) & VRAM_WARN_ARCH_ESTIMATED);
    assert_int_equal(vt_res(r, VRAM_RES_PARAMS_TOTAL), UINT64_C(7000000000));
    vram_result_destroy(r);
    vram_config_destroy(c);
    vram_model_destroy(m);
    /* 70e9: Llama-3.1-70B widths; per layer 8192^2 x 2 + 8192 x 1024 x 2 +
     * 3 x 8192 x 28672 + 2 x 8192 = 855,654,400; outer 2 x 128256 x 8192 + 8192;
     * (70e9 - 2,101,354,496) / 855,654,400 = 79.4 -> 79 layers */
    assert_ok(vram_model_from_param_count(70e9, &m));
    assert_int_equal(G(m, NUM_LAYERS), 79);
    assert_int_equal(G(m, HIDDEN_SIZE), 8192);
    vram_model_destroy(m);
    /* a fractional count is rounded: 1,234,567.6 -> 1,234,568 */
    assert_ok(vram_model_from_param_count(1234567.6, &m));
    assert_int_equal(G(m, PARAMS_TOTAL), 1234568);
    vram_model_destroy(m);
    /* 1e13 is allowed; the depth stops at 1024 layers of Llama-3.1-405B width */
    assert_ok(vram_model_from_param_count(1e13, &m));
    assert_int_equal(G(m, NUM_LAYERS), 1024);
    assert_int_equal(G(m, PARAMS_TOTAL), UINT64_C(10000000000000));
    vram_model_destroy(m);
}

/* 1e6 uses the small-model rule. By hand, depth L gives h = 64 L, MLP
 * round(8h/3) to 64, vocab min(32000, 1e6 / 4 / h) to 64: L = 1: h 64, MLP
 * 192, vocab 3904: 303,296 parameters; L = 2: h 128, MLP 320, vocab 1920:
 * 2 x (4 x 128^2 + 3 x 128 x 320 + 256) + 1920 x 128 + 128 = 623,232;
 * L = 3: h 192, MLP 512, vocab 1280: 1,574,208. 623,232 is the closest. */
static void test_param_count_small(void **state)
{
    (void)state;
    vram_model *m = NULL;
    assert_ok(vram_model_from_param_count(1e6, &m));
    assert_int_equal(G(m, NUM_LAYERS), 2);
    assert_int_equal(G(m, HIDDEN_SIZE), 128);
    assert_int_equal(G(m, INTERMEDIATE_SIZE), 320);
    assert_int_equal(G(m, VOCAB_SIZE), 1920);
    assert_int_equal(G(m, PARAMS_TOTAL), 1000000);
    assert_string_equal(vram_model_name(m), "estimated from 1000000 parameters");
    vram_model_destroy(m);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_catalog_every_preset),
        cmocka_unit_test(test_catalog_counts),
        cmocka_unit_test(test_catalog_deepseek_v2_lite),
        cmocka_unit_test(test_catalog_matches_files),
        cmocka_unit_test(test_catalog_names),
        cmocka_unit_test(test_catalog_closed_and_unknown),
        cmocka_unit_test(test_param_count_range),
        cmocka_unit_test(test_param_count_llama_widths),
        cmocka_unit_test(test_param_count_small),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
