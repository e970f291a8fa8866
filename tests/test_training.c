/*
 * test_training.c - full fine-tuning, LoRA and QLoRA (DESIGN.md 4.4-4.6).
 *
 * Expected numbers: PEFT's own trainable-parameter counts, Korthikanti et
 * al. 2022 (arXiv:2205.05198, Table 2: 34sbh + 5as^2b per GPT layer, 2sbh
 * with full recomputation), bitsandbytes' 8-bit state layout, the precision
 * recipes' bytes per parameter worked by hand, and three measured peaks of
 * HF PEFT's method comparison (tests/data/measured.jsonl).
 */
#include "vram_test.h"

#define M(k) VRAM_MODEL_##k

static const vt_kv llama31_8b[] = {{M(NUM_LAYERS), 32}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                                   {M(NUM_KV_HEADS), 8}, {M(INTERMEDIATE_SIZE), 14336},
                                   {M(VOCAB_SIZE), 128256}, {0, 0}};

static const vt_kv llama32_3b[] = {{M(NUM_LAYERS), 28}, {M(HIDDEN_SIZE), 3072}, {M(NUM_HEADS), 24},
                                   {M(NUM_KV_HEADS), 8}, {M(HEAD_DIM), 128},
                                   {M(INTERMEDIATE_SIZE), 8192}, {M(VOCAB_SIZE), 128256},
                                   {M(TIE_WORD_EMBEDDINGS), 1}, {0, 0}};

typedef struct fx {
    vram_config *c;
    vram_result *r;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (vram_config_create(&f->c) || vram_result_create(&f->r))
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    vram_config_destroy(f->c);
    vram_result_destroy(f->r);
    free(f);
    return 0;
}

static uint64_t run(fx *f, const vt_kv *kv, vram_mode mode, vram_part part)
{
    vram_model *m = vt_model(kv);
    assert_non_null(m);
    assert_ok(vram_estimate(m, f->c, mode, f->r));
    vram_model_destroy(m);
    return vt_part(f->r, 0, part);
}

/* The figures for Llama-3.1-8B: r = 16 on q/k/v/o is 13,631,488
 * (per layer 16 x (4096+4096) + 2 x 16 x (4096+1024) + 16 x (4096+4096));
 * r = 8 on every linear is 20,971,520. PEFT's method comparison logs
 * 9,175,040 for Llama-3.2-3B with r = 32 on q_proj and v_proj and 9,289,728
 * with DoRA (+ one magnitude per output feature). */
static void test_train_lora_trainable_counts(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "q_proj,k_proj,v_proj,o_proj"));
    run(f, llama31_8b, VRAM_MODE_LORA, VRAM_PART_TOTAL);
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE), UINT64_C(13631488));
    /* adapters are fp32 by default (PEFT autocast_adapter_dtype) */
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_ADAPTER_WEIGHTS), UINT64_C(13631488) * 4);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, 8));
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "all-linear"));
    run(f, llama31_8b, VRAM_MODE_LORA, VRAM_PART_TOTAL);
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE), UINT64_C(20971520));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, 32));
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "q_proj,v_proj"));
    run(f, llama32_3b, VRAM_MODE_LORA, VRAM_PART_TOTAL);
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE), UINT64_C(9175040));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_DORA, 1));
    run(f, llama32_3b, VRAM_MODE_LORA, VRAM_PART_TOTAL);
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE), UINT64_C(9289728));
}

/* Target names follow each family's modules: GPT-2 has c_attn, not q_proj. */
static void test_train_lora_targets_by_family(void **state)
{
    fx *f = *state;
    const vt_kv gpt2[] = {{M(NUM_LAYERS), 12}, {M(HIDDEN_SIZE), 768}, {M(NUM_HEADS), 12},
                          {M(INTERMEDIATE_SIZE), 3072}, {M(VOCAB_SIZE), 50257},
                          {M(LEARNED_POSITIONS), 1024}, {M(TIE_WORD_EMBEDDINGS), 1},
                          {M(FAMILY), VRAM_FAMILY_GPT2}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                          {M(NORM_KIND), VRAM_NORM_LAYER}, {M(FUSED_QKV), 1}, {M(QKV_BIAS), 1},
                          {M(O_BIAS), 1}, {M(MLP_BIAS), 1}, {0, 0}};
    vram_model *m = vt_model(gpt2);
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "q_proj,v_proj"));
    assert_status(vram_estimate_lora(m, f->c, f->r), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "c_attn"));
    /* c_proj names both the attention and the MLP output projections (PEFT
     * matches the last name component): r = 8 -> 12 x 8 x ((768+2304) +
     * (768+768) + (3072+768)) and a warning for the missing q_proj */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, 8));
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "c_attn,c_proj,q_proj"));
    assert_ok(vram_estimate_lora(m, f->c, f->r));
    assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE),
                     UINT64_C(12) * 8 * ((768 + 2304) + (768 + 768) + (3072 + 768)));
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_LORA_TARGET_MISSING);
    vram_model_destroy(m);
}

/* Korthikanti et al. 2022, Table 2: a GPT layer (LayerNorm, 4h GeLU MLP,
 * dropout, attention scores materialised, 16-bit activations) saves
 * 34sbh + 5as^2b bytes without recomputation and 2sbh with full
 * recomputation. The library adds the LayerNorms' fp32 mean and rstd that
 * the paper leaves out: 2 norms x 8 bytes per token = 16sb. Measured as the
 * difference between the same model with 2 layers and with 1. */
static void test_train_korthikanti_gpt_block(void **state)
{
    fx *f = *state;
    const uint64_t s = 1024, b = 2, h = 1024, a = 16;
    vt_kv kv[] = {{M(NUM_LAYERS), 1}, {M(HIDDEN_SIZE), h}, {M(NUM_HEADS), a},
                  {M(INTERMEDIATE_SIZE), 4 * h}, {M(VOCAB_SIZE), 8192},
                  {M(FAMILY), VRAM_FAMILY_GPT2}, {M(MLP_KIND), VRAM_MLP_PLAIN},
                  {M(NORM_KIND), VRAM_NORM_LAYER}, {M(FUSED_QKV), 1}, {M(QKV_BIAS), 1},
                  {M(O_BIAS), 1}, {M(MLP_BIAS), 1}, {0, 0}};
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, s));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_BATCH_SIZE, b));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PRECISION, VRAM_PREC_BF16_PURE));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_DROPOUT, 1));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ATTENTION, VRAM_ATTN_EAGER));
    uint64_t one = run(f, kv, VRAM_MODE_FULL_FT, VRAM_PART_ACTIVATIONS);
    kv[0].value = 2;
    uint64_t two = run(f, kv, VRAM_MODE_FULL_FT, VRAM_PART_ACTIVATIONS);
    assert_int_equal(two - one, 34 * s * b * h + 5 * a * s * s * b + 16 * s * b);

    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GRADIENT_CHECKPOINTING, 1));
    kv[0].value = 1;
    one = run(f, kv, VRAM_MODE_FULL_FT, VRAM_PART_ACTIVATIONS);
    kv[0].value = 2;
    two = run(f, kv, VRAM_MODE_FULL_FT, VRAM_PART_ACTIVATIONS);
    assert_int_equal(two - one, 2 * s * b * h);
}

/* Bytes per parameter of each precision recipe with AdamW, on a model whose
 * activations are negligible (one token), so the optimizer step is the peak
 * and every gradient is counted. The seeds' "mixed = 18P" adds to 16P, and
 * fp32 needs no master copy: 16P, not 20P. */
static void test_train_precision_recipes(void **state)
{
    fx *f = *state;
    const vt_kv small[] = {{M(NUM_LAYERS), 2}, {M(HIDDEN_SIZE), 1024}, {M(NUM_HEADS), 8},
                           {M(INTERMEDIATE_SIZE), 4096}, {M(VOCAB_SIZE), 32}, {0, 0}};
    /* P = 2 x (4 x 1024^2 + 3 x 1024 x 4096 + 2 x 1024) + 2 x 32 x 1024 + 1024 */
    const uint64_t P = 2 * (4 * UINT64_C(1048576) + 3 * UINT64_C(4194304) + 2048) + 2 * 32768 + 1024;
    assert_int_equal(P, UINT64_C(33625088));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 1));
    static const struct {
        vram_precision p;
        uint64_t w, g, master, opt;
    } cases[] = {
        {VRAM_PREC_BF16_MASTER, 2, 2, 4, 8}, /* DeepSpeed / Megatron mixed precision: 16 */
        {VRAM_PREC_FP32, 4, 4, 0, 8},        /* 16 */
        {VRAM_PREC_BF16_PURE, 2, 2, 0, 4},   /* torch AdamW keeps bf16 states: 8 */
        {VRAM_PREC_AMP_BF16, 4, 4, 0, 8},    /* + autocast's bf16 weight copies */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PRECISION, cases[i].p));
        run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
        assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS), cases[i].w * P);
        assert_int_equal(vt_part(f->r, 0, VRAM_PART_GRADIENTS), cases[i].g * P);
        assert_int_equal(vt_part(f->r, 0, VRAM_PART_MASTER_WEIGHTS), cases[i].master * P);
        assert_int_equal(vt_part(f->r, 0, VRAM_PART_OPTIMIZER_STATES), cases[i].opt * P);
    }
    /* autocast caches a bf16 copy of each of the 14 linear weights plus the
     * LM head (32 x 1024): aten/src/ATen/autocast_mode.cpp cached_cast keeps
     * the cast of every fp32 leaf that requires grad, the head's included */
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHT_COPIES),
                     2 * (2 * (4 * UINT64_C(1048576) + 3 * UINT64_C(4194304)) + 32 * 1024));
    /* DeepSpeed's bf16 optimizer with an fp32 gradient buffer: + 4P */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PRECISION, VRAM_PREC_BF16_MASTER));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_FP32_GRAD_BUFFER, 1));
    run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_GRADIENTS), 6 * P);
}

/* Without lora_targets, PEFT's default for the family applies: q_proj and
 * v_proj, or the fused projection. GPT-2, r = 8 on c_attn (768 -> 2304):
 * 12 x 8 x (768 + 2304) = 294,912 (PEFT's quicktour prints "trainable
 * params: 294,912 || all params: 124,734,720"); Falcon-7B, r = 16 on
 * query_key_value (4544 -> 4672): 32 x 16 x 9216 = 4,718,592. */
static void test_train_lora_family_default_targets(void **state)
{
    fx *f = *state;
    static const struct {
        const char *preset;
        uint64_t rank, trainable;
    } cases[] = {{"openai-community/gpt2", 8, 294912},
                 {"tiiuae/falcon-7b-instruct", 16, UINT64_C(4718592)},
                 {"meta-llama/Llama-3.1-8B", 16, UINT64_C(32) * 16 * (4096 + 4096 + 4096 + 1024)}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        vram_model *m = NULL;
        assert_ok(vram_model_from_preset(cases[i].preset, &m));
        assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, cases[i].rank));
        assert_ok(vram_estimate_lora(m, f->c, f->r));
        assert_int_equal(vt_res(f->r, VRAM_RES_PARAMS_TRAINABLE), cases[i].trainable);
        vram_model_destroy(m);
    }
    /* MLA has no PEFT default: the error lists the modules to choose from */
    vram_model *m = NULL;
    assert_ok(vram_model_from_preset("deepseek-ai/DeepSeek-V2-Lite", &m));
    assert_status(vram_estimate_lora(m, f->c, f->r), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "kv_a_proj_with_mqa"));
    vram_model_destroy(m);
}

/* The bad combinations, each a clear error naming what is wrong. */
static void test_train_bad_combinations(void **state)
{
    fx *f = *state;
    vram_model *m = vt_model(llama31_8b);
    assert_non_null(m);
    assert_status(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, 0), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "lora_rank"));
    assert_true(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "q_proj,no_such_proj") != VRAM_OK);
    assert_non_null(strstr(vram_last_error(), "no_such_proj"));
    assert_status(vram_config_set_u64(f->c, VRAM_CFG_ZERO_STAGE, 7), VRAM_E_RANGE);
    assert_non_null(strstr(vram_last_error(), "zero_stage"));
    /* 32 heads over 3 ranks */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_TP, 3));
    assert_status(vram_estimate_lora(m, f->c, f->r), VRAM_E_INCONSISTENT);
    assert_non_null(strstr(vram_last_error(), "num_heads 32"));
    assert_ok(vram_config_unset(f->c, VRAM_CFG_TP));
    /* QLoRA over unquantized (here fp32) weights is not QLoRA */
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_QUANT, "none"));
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_DTYPE, "float32"));
    assert_status(vram_estimate_qlora(m, f->c, f->r), VRAM_E_UNSUPPORTED);
    assert_non_null(strstr(vram_last_error(), "4-bit base"));
    /* and a result that failed holds no estimate */
    uint64_t b;
    assert_status(vram_result_bytes(f->r, 0, VRAM_PART_TOTAL, &b), VRAM_E_RANGE);
    vram_model_destroy(m);
}

/* A full fine-tune with checkpointing peaks at the optimizer step: every
 * gradient, no activation. The activations and logits read 0 there but keep
 * their backward-start figures as the high end of their bands, so the
 * total's band covers both moments (doc/mainpage.md, "Training peaks"). */
static void test_train_absent_parts_keep_their_band(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 4096));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GRADIENT_CHECKPOINTING, 1));
    run(f, llama31_8b, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    /* bf16_master: 2-byte gradients of 8,030,261,248 parameters */
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_GRADIENTS), UINT64_C(2) * 8030261248);
    static const vram_part absent[] = {VRAM_PART_ACTIVATIONS, VRAM_PART_LOGITS};
    for (size_t i = 0; i < 2; i++) {
        uint64_t lo, hi;
        assert_int_equal(vt_part(f->r, 0, absent[i]), 0);
        assert_ok(vram_result_band(f->r, 0, absent[i], &lo, &hi));
        assert_int_equal(lo, 0);
        if (absent[i] == VRAM_PART_LOGITS) {
            /* the logits band's top (doc/activations.md): 4096 x 128,256 x
             * (2 + 12) bytes, the compute-dtype logits, their fp32 upcast,
             * the fp32 log-softmax and accelerate's fp32 copy */
            assert_int_equal(hi, UINT64_C(4096) * 128256 * 14);
        } else {
            /* at least the 32 checkpointed bf16 layer inputs, 4096 x 4096 x 2 B each */
            assert_true(hi >= UINT64_C(4096) * 4096 * 2 * 32);
        }
    }
    uint64_t lo, hi;
    assert_ok(vram_result_band(f->r, 0, VRAM_PART_TOTAL, &lo, &hi));
    assert_true(hi > vt_part(f->r, 0, VRAM_PART_TOTAL));
}

/* Optimizer state layouts, per tensor, on the same model (fp32 master, so
 * 4-byte states):
 *  - bitsandbytes 8-bit (Optimizer2State): tensors of >= 4096 values keep
 *    two uint8 states and two fp32 absmax per 256 values; smaller tensors and
 *    nn.Embedding weights keep two fp32 states. By hand: q/k/v/o 2 x 1,048,576
 *    + 8 x 4096 = 2,129,920 each; gate/up/down 2 x 4,194,304 + 8 x 16384 =
 *    8,519,680 each; the two 1024-value norms 8 x 1024 each; embedding
 *    32 x 1024 x 8 = 262,144; head 65,536 + 8 x 128 = 66,560; final norm 8,192.
 *  - Adafactor: rows + columns of each matrix, whole vectors, 4 bytes each.
 *  - SGD: nothing; SGD with momentum and Lion: one 4-byte buffer. */
static void test_train_optimizer_layouts(void **state)
{
    fx *f = *state;
    const vt_kv small[] = {{M(NUM_LAYERS), 2}, {M(HIDDEN_SIZE), 1024}, {M(NUM_HEADS), 8},
                           {M(INTERMEDIATE_SIZE), 4096}, {M(VOCAB_SIZE), 32}, {0, 0}};
    const uint64_t P = UINT64_C(33625088);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 1));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OPTIMIZER, VRAM_OPT_ADAMW_8BIT));
    uint64_t layer8 = 4 * UINT64_C(2129920) + 3 * UINT64_C(8519680) + 2 * 8 * 1024;
    assert_int_equal(run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_OPTIMIZER_STATES),
                     2 * layer8 + 262144 + 66560 + 8192);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OPTIMIZER, VRAM_OPT_ADAFACTOR));
    uint64_t layerf = 4 * (1024 + 1024) * 4 + 3 * (4096 + 1024) * 4 + 2 * 1024 * 4;
    assert_int_equal(run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_OPTIMIZER_STATES),
                     2 * layerf + 2 * (32 + 1024) * 4 + 1024 * 4);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OPTIMIZER, VRAM_OPT_SGD));
    assert_int_equal(run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_OPTIMIZER_STATES), 0);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OPTIMIZER, VRAM_OPT_LION));
    assert_int_equal(run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_OPTIMIZER_STATES), 4 * P);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OPTIMIZER, VRAM_OPT_SGD_MOMENTUM));
    assert_int_equal(run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_OPTIMIZER_STATES), 4 * P);
}

/* ZeRO shards over data parallelism: stage 1 the optimizer states and master
 * weights, stage 2 the gradients too, stage 3 the weights as well (plus two
 * gathered layers); offload moves states to host memory. */
static void test_train_zero_sharding(void **state)
{
    fx *f = *state;
    const vt_kv small[] = {{M(NUM_LAYERS), 2}, {M(HIDDEN_SIZE), 1024}, {M(NUM_HEADS), 8},
                           {M(INTERMEDIATE_SIZE), 4096}, {M(VOCAB_SIZE), 32}, {0, 0}};
    const uint64_t P = UINT64_C(33625088);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 1));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_DP, 4));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ZERO_STAGE, 1));
    run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    assert_int_equal(vt_res(f->r, VRAM_RES_NUM_DEVICES), 4);
    assert_int_equal(vt_part(f->r, 3, VRAM_PART_OPTIMIZER_STATES), 8 * P / 4);
    assert_int_equal(vt_part(f->r, 3, VRAM_PART_MASTER_WEIGHTS), 4 * P / 4);
    assert_int_equal(vt_part(f->r, 3, VRAM_PART_GRADIENTS), 2 * P);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ZERO_STAGE, 2));
    run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_GRADIENTS), 2 * P / 4);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS), 2 * P);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ZERO_STAGE, 3));
    run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS), 2 * P / 4);
    /* two gathered layers of 16,779,264 bf16 parameters */
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHT_COPIES), 2 * 2 * UINT64_C(16779264));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OFFLOAD_OPTIMIZER, 1));
    run(f, small, VRAM_MODE_FULL_FT, VRAM_PART_TOTAL);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_OPTIMIZER_STATES), 0);
    assert_int_equal(vt_res(f->r, VRAM_RES_HOST_BYTES), 4 * (8 * P / 4 + 4 * P / 4));
    assert_true(vt_res(f->r, VRAM_RES_WARNINGS) & VRAM_WARN_HOST_MEMORY);
    /* offloading parameters needs ZeRO-3 */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ZERO_STAGE, 2));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_OFFLOAD_PARAMS, 1));
    vram_model *m = vt_model(small);
    assert_status(vram_estimate_full_ft(m, f->c, f->r), VRAM_E_INCONSISTENT);
    vram_model_destroy(m);
}

/* QLoRA's base: NF4 with double quantization by default (8,655,940 B per
 * 4096 x 4096 linear, see test_inference), paged 8-bit AdamW for the
 * adapters, and the dequantised copy of the largest linear in bf16 during
 * each matmul over more than 1536 tokens: 4096 x 4096 x 2 + the two fp32
 * absmax buffers of 262,144 blocks (bitsandbytes backends/cuda/ops.py). */
static void test_train_qlora_base(void **state)
{
    fx *f = *state;
    const vt_kv square[] = {{M(NUM_LAYERS), 1}, {M(HIDDEN_SIZE), 4096}, {M(NUM_HEADS), 32},
                            {M(INTERMEDIATE_SIZE), 4096}, {M(VOCAB_SIZE), 1000}, {0, 0}};
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 2048));
    run(f, square, VRAM_MODE_QLORA, VRAM_PART_TOTAL);
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_WEIGHTS) + vt_part(f->r, 0, VRAM_PART_QUANT_METADATA),
                     7 * UINT64_C(8655940) + UINT64_C(16384000) + UINT64_C(24576));
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_DEQUANT_BUFFER),
                     UINT64_C(4096) * 4096 * 2 + 8 * UINT64_C(262144));
    /* adapters r = 16 on q, v: A 16 x 4096 and B 4096 x 16, 65,536 values
     * each: paged 8-bit states 2 x 65,536 + 8 x 256 = 133,120 per tensor */
    assert_int_equal(vt_part(f->r, 0, VRAM_PART_OPTIMIZER_STATES), 4 * UINT64_C(133120));
    uint64_t lo;
    assert_ok(vram_result_band(f->r, 0, VRAM_PART_OPTIMIZER_STATES, &lo, NULL));
    assert_int_equal(lo, 0); /* paged: evictable to host memory */
    /* full fine-tuning refuses a quantized base; QLoRA refuses an 8-bit one */
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_QUANT, VRAM_QUANT_BNB_NF4));
    vram_model *m = vt_model(square);
    assert_status(vram_estimate_full_ft(m, f->c, f->r), VRAM_E_UNSUPPORTED);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_QUANT, VRAM_QUANT_BNB_INT8));
    assert_status(vram_estimate_qlora(m, f->c, f->r), VRAM_E_UNSUPPORTED);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_ENGINE, VRAM_ENGINE_VLLM));
    assert_status(vram_estimate_lora(m, f->c, f->r), VRAM_E_UNSUPPORTED);
    vram_model_destroy(m);
}

/* Unset, gradient checkpointing is on for QLoRA, as peft's
 * prepare_model_for_kbit_training(use_gradient_checkpointing=True) turns it
 * on, and off for the other modes. */
static void test_train_qlora_checkpoints_by_default(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 2048));
    uint64_t def = run(f, llama31_8b, VRAM_MODE_QLORA, VRAM_PART_ACTIVATIONS);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GRADIENT_CHECKPOINTING, 1));
    assert_int_equal(run(f, llama31_8b, VRAM_MODE_QLORA, VRAM_PART_ACTIVATIONS), def);
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_GRADIENT_CHECKPOINTING, 0));
    assert_true(run(f, llama31_8b, VRAM_MODE_QLORA, VRAM_PART_ACTIVATIONS) > 4 * def);
    uint64_t lora_off = run(f, llama31_8b, VRAM_MODE_LORA, VRAM_PART_ACTIVATIONS);
    assert_ok(vram_config_unset(f->c, VRAM_CFG_GRADIENT_CHECKPOINTING));
    assert_int_equal(run(f, llama31_8b, VRAM_MODE_LORA, VRAM_PART_ACTIVATIONS), lora_off);
}

/* Measured peaks (measured.jsonl peft-mc-fullft-2026, peft-mc-lora-r32-qv-2026,
 * peft-mc-dora-r32-qv-2026): Llama-3.2-3B, batch 4 x 768 tokens, bf16 weights
 * with torch AdamW (states in bf16), no checkpointing, on an L40S;
 * torch.cuda.max_memory_reserved() minus the reserve at start, so the CUDA
 * context is not in it. Within the 10 %. */
static void test_train_peft_method_comparison(void **state)
{
    fx *f = *state;
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_SEQ_LEN, 768));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_BATCH_SIZE, 4));
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_PRECISION, VRAM_PREC_BF16_PURE));
    static const struct {
        vram_mode mode;
        int dora;
        double reserved;
    } cases[] = {
        {VRAM_MODE_FULL_FT, 0, 38868615168.0},
        {VRAM_MODE_LORA, 0, 22292725760.0},
        {VRAM_MODE_LORA, 1, 24532484096.0},
    };
    assert_ok(vram_config_set_u64(f->c, VRAM_CFG_LORA_RANK, 32));
    assert_ok(vram_config_set_str(f->c, VRAM_CFG_LORA_TARGETS, "q_proj,v_proj"));
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        assert_ok(vram_config_set_u64(f->c, VRAM_CFG_DORA, (uint64_t)cases[i].dora));
        uint64_t total = run(f, llama32_3b, cases[i].mode, VRAM_PART_TOTAL);
        double torch = (double)(total - vt_part(f->r, 0, VRAM_PART_CUDA_CONTEXT));
        if (fabs(torch - cases[i].reserved) > 0.10 * cases[i].reserved)
            fail_msg("case %zu: %.3f GB vs measured %.3f GB", i, torch / 1e9, cases[i].reserved / 1e9);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_train_lora_trainable_counts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_lora_targets_by_family, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_korthikanti_gpt_block, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_precision_recipes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_lora_family_default_targets, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_bad_combinations, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_absent_parts_keep_their_band, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_optimizer_layouts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_zero_sharding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_qlora_base, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_qlora_checkpoints_by_default, setup, teardown),
        cmocka_unit_test_setup_teardown(test_train_peft_method_comparison, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
