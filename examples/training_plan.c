/*
 * training_plan.c - plan a fine-tuning run on one GPU with libvramest.
 *
 * For a model and a GPU, and each of full fine-tuning, LoRA and QLoRA:
 *  - does it need gradient checkpointing to fit (vram_solve_needs_checkpointing)?
 *  - what is the largest micro-batch that fits (vram_solve_max_batch)?
 *  - where does the memory go, part by part, at that micro-batch?
 * and, where one GPU is not enough, how many it takes (vram_solve_min_gpus).
 *
 * Build: cc training_plan.c $(pkg-config --cflags --libs vramest)
 * Run:   ./training_plan [MODEL [GPU [SEQ_LEN]]]
 *        (defaults: meta-llama/Llama-3.1-8B, A100-80GB, 4096 tokens)
 */
#include <stdio.h>

#include <vramest.h>

#define GIB 1073741824.0
#define N_MODES 3

static const vram_mode modes[N_MODES] = {VRAM_MODE_FULL_FT, VRAM_MODE_LORA, VRAM_MODE_QLORA};
static const char *const mode_names[N_MODES] = {"full_ft", "lora", "qlora"};

/* What the plan found for one mode. */
typedef struct plan {
    int fits;              /* on one GPU, with checkpointing if needed */
    int checkpointing;     /* 1: needed (or, when it does not fit, assumed) */
    uint64_t micro_batch;  /* largest fitting, or 1 when it does not fit */
    uint64_t batch_without_ckpt, batch_with_ckpt; /* 0 = none fits */
    uint64_t gpus, tp, pp; /* when it does not fit one GPU: the fewest that hold it */
    uint64_t trainable;
    uint64_t part[VRAM_PART_WEIGHT_COPIES + 1];
} plan;

static int fail(const char *what)
{
    fprintf(stderr, "training_plan: %s: %s\n", what, vram_last_error());
    return 1;
}

static int make_plan(const vram_model *model, vram_config *config, vram_result *result,
                     vram_mode mode, uint64_t budget, plan *p)
{
    int needed = 0;
    /* at micro-batch 1: does the smallest step need checkpointing? */
    if (vram_config_set_u64(config, VRAM_CFG_BATCH_SIZE, 1) != VRAM_OK)
        return fail("batch_size");
    vram_status st = vram_solve_needs_checkpointing(model, config, mode, budget, &needed);
    if (st != VRAM_OK && st != VRAM_E_DOES_NOT_FIT)
        return fail("vram_solve_needs_checkpointing");
    p->fits = st == VRAM_OK;
    p->checkpointing = p->fits ? needed : 1;

    /* the largest micro-batch each way (VRAM_E_DOES_NOT_FIT: not even 1) */
    for (int ckpt = 0; ckpt <= 1; ckpt++) {
        uint64_t b = 0;
        if (vram_config_set_u64(config, VRAM_CFG_GRADIENT_CHECKPOINTING, (uint64_t)ckpt) != VRAM_OK)
            return fail("gradient_checkpointing");
        st = vram_solve_max_batch(model, config, mode, budget, &b);
        if (st != VRAM_OK && st != VRAM_E_DOES_NOT_FIT)
            return fail("vram_solve_max_batch");
        *(ckpt ? &p->batch_with_ckpt : &p->batch_without_ckpt) = st == VRAM_OK ? b : 0;
    }
    p->micro_batch = p->checkpointing ? p->batch_with_ckpt : p->batch_without_ckpt;
    if (!p->fits)
        p->micro_batch = 1;

    if (!p->fits) {
        /* how many of these GPUs (tensor parallel, then pipeline stages),
         * at micro-batch 1 with checkpointing */
        if (vram_config_set_u64(config, VRAM_CFG_GRADIENT_CHECKPOINTING, 1) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_BATCH_SIZE, 1) != VRAM_OK)
            return fail("config");
        st = vram_solve_min_gpus(model, config, mode, budget, 64, &p->tp, &p->pp, &p->gpus);
        if (st != VRAM_OK && st != VRAM_E_DOES_NOT_FIT)
            return fail("vram_solve_min_gpus");
    }

    /* the parts at the planned micro-batch, on one GPU */
    if (vram_config_set_u64(config, VRAM_CFG_GRADIENT_CHECKPOINTING, (uint64_t)p->checkpointing) != VRAM_OK ||
        vram_config_set_u64(config, VRAM_CFG_BATCH_SIZE, p->micro_batch) != VRAM_OK ||
        vram_estimate(model, config, mode, result) != VRAM_OK ||
        vram_result_get_u64(result, VRAM_RES_PARAMS_TRAINABLE, &p->trainable) != VRAM_OK)
        return fail(mode_names[mode - VRAM_MODE_FULL_FT]);
    for (int part = 0; part <= VRAM_PART_WEIGHT_COPIES; part++)
        if (vram_result_bytes(result, 0, (vram_part)part, &p->part[part]) != VRAM_OK)
            return fail("vram_result_bytes");
    return 0;
}

int main(int argc, char **argv)
{
    const char *model_name = argc > 1 ? argv[1] : "meta-llama/Llama-3.1-8B";
    const char *gpu_name = argc > 2 ? argv[2] : "A100-80GB";
    const char *seq_text = argc > 3 ? argv[3] : "4096";
    vram_model *model = NULL;
    vram_config *config = NULL;
    vram_result *result = NULL;
    plan plans[N_MODES] = {{0}};
    uint32_t gpu;
    uint64_t budget = 0;
    int rc = 1;

    if (vram_model_from_preset(model_name, &model) != VRAM_OK) {
        fail(model_name);
        goto done;
    }
    if (vram_gpu_find(gpu_name, &gpu) != VRAM_OK ||
        vram_gpu_get_u64(gpu, VRAM_GPU_USABLE_BYTES, &budget) != VRAM_OK) {
        fail(gpu_name);
        goto done;
    }
    if (vram_config_create(&config) != VRAM_OK || vram_result_create(&result) != VRAM_OK ||
        vram_config_set_str(config, VRAM_CFG_SEQ_LEN, seq_text) != VRAM_OK ||
        vram_config_set_u64(config, VRAM_CFG_GPU, (uint64_t)gpu + 1) != VRAM_OK ||
        /* LoRA and QLoRA adapt every linear module, as most recipes do */
        vram_config_set_str(config, VRAM_CFG_LORA_TARGETS, "all-linear") != VRAM_OK) {
        fail("config");
        goto done;
    }
    /* each mode keeps its own defaults: bf16 weights with an fp32 master
     * copy and AdamW for full fine-tuning, paged 8-bit AdamW over an NF4
     * base for QLoRA (vramest.h, vram_config_key) */
    for (int i = 0; i < N_MODES; i++)
        if (make_plan(model, config, result, modes[i], budget, &plans[i]) != 0)
            goto done;

    printf("%s on one %s (%.2f GiB usable), sequences of %s tokens\n\n", vram_model_name(model),
           gpu_name, (double)budget / GIB, seq_text);
    printf("%-22s", "");
    for (int i = 0; i < N_MODES; i++)
        printf(" %12s", mode_names[i]);
    printf("\n%-22s", "micro-batch");
    for (int i = 0; i < N_MODES; i++)
        printf(" %12llu", (unsigned long long)plans[i].micro_batch);
    printf("\n%-22s", "checkpointing");
    for (int i = 0; i < N_MODES; i++)
        printf(" %12s", plans[i].checkpointing ? "yes" : "no");
    printf("\n%-22s", "trainable params");
    for (int i = 0; i < N_MODES; i++)
        printf(" %12llu", (unsigned long long)plans[i].trainable);
    printf("\n");
    for (int part = 1; part <= VRAM_PART_WEIGHT_COPIES; part++) {
        int any = 0;
        for (int i = 0; i < N_MODES; i++)
            any |= plans[i].part[part] != 0;
        if (!any)
            continue;
        printf("%-22s", vram_part_name((vram_part)part));
        for (int i = 0; i < N_MODES; i++)
            printf(" %8.2f GiB", (double)plans[i].part[part] / GIB);
        printf("\n");
    }
    printf("%-22s", "total");
    for (int i = 0; i < N_MODES; i++)
        printf(" %8.2f GiB", (double)plans[i].part[VRAM_PART_TOTAL] / GIB);
    printf("\n\n");

    for (int i = 0; i < N_MODES; i++) {
        const plan *p = &plans[i];
        if (p->fits && !p->checkpointing)
            printf("%s: fits without gradient checkpointing; largest micro-batch %llu "
                   "(%llu with checkpointing)\n", mode_names[i],
                   (unsigned long long)p->batch_without_ckpt, (unsigned long long)p->batch_with_ckpt);
        else if (p->fits)
            printf("%s: fits only with gradient checkpointing; largest micro-batch %llu\n",
                   mode_names[i], (unsigned long long)p->batch_with_ckpt);
        else if (p->gpus)
            printf("%s: does not fit one %s even at micro-batch 1 with checkpointing; "
                   "%llu GPUs hold it (tp %llu x pp %llu)\n", mode_names[i], gpu_name,
                   (unsigned long long)p->gpus, (unsigned long long)p->tp, (unsigned long long)p->pp);
        else
            printf("%s: does not fit one %s even at micro-batch 1 with checkpointing, nor 64 of them\n",
                   mode_names[i], gpu_name);
    }
    rc = 0;

done:
    vram_result_destroy(result);
    vram_config_destroy(config);
    vram_model_destroy(model);
    return rc;
}
