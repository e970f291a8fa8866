/*
 * solve.c - inverse questions over the same estimate (DESIGN.md section 1.2):
 * the largest batch, the longest context, the fewest GPUs and their layout,
 * the best weight format, whether checkpointing is needed.
 *
 * The estimate is monotone in batch and sequence length and piecewise linear
 * in the batch (the activation peak is a maximum of linear phases), so the
 * solvers take a secant step from two evaluations and then bisect what is
 * left: a handful of estimates, on a config copied to the stack, with a
 * stack result; nothing is allocated.
 */
#include "vram_private.h"

#include <string.h>

static void put(vram_config *c, unsigned slot, uint64_t v)
{
    c->u[slot] = v;
    if (slot < 64)
        c->set |= UINT64_C(1) << slot;
    else
        c->set2 |= UINT64_C(1) << (slot - 64);
}

static void unput(vram_config *c, unsigned slot)
{
    if (slot < 64)
        c->set &= ~(UINT64_C(1) << slot);
    else
        c->set2 &= ~(UINT64_C(1) << (slot - 64));
}

/* Does the workload fit `budget` bytes per device? For vLLM with a device
 * the engine fills its budget by design; then the question is whether the
 * KV cache holds the batch (its fit verdict). */
static vram_status fits(const vram_model *m, const vram_config *c, vram_mode mode,
                        uint64_t budget, vram_result *r, bool *out)
{
    vram_status st = vram_estimate(m, c, mode, r);
    if (st == VRAM_E_OVERFLOW) {
        *out = false;
        return VRAM_OK;
    }
    if (st != VRAM_OK)
        return st;
    uint64_t peak = 0;
    for (uint32_t s = 0; s < r->n_stages; s++)
        peak = vram__max(peak, r->stage[s].bytes[VRAM_PART_TOTAL]);
    *out = peak <= budget;
    if (mode == VRAM_MODE_INFERENCE && c->u[VRAM__C_ENGINE] == VRAM_ENGINE_VLLM &&
        r->u[VRAM__R_FIT_DEVICE])
        *out = r->u[VRAM__R_FIT_FITS] != 0;
    return VRAM_OK;
}

static vram_status check_args(const vram_model *m, const vram_config *c, const void *out,
                              const char *fn)
{
    if (!m || !c || !out)
        return vram__fail(VRAM_E_INVALID_ARG, "%s: NULL argument", fn);
    return VRAM_OK;
}

static vram_status check_budget(uint64_t budget, const char *fn)
{
    if (budget == 0)
        return vram__fail(VRAM_E_RANGE, "%s: budget_bytes must be > 0, got 0", fn);
    return VRAM_OK;
}

/* Largest v in [1, hi] with fits(v) (monotone), slot being the varied key. */
static vram_status largest(const vram_model *m, vram_config *c, vram_mode mode, uint64_t budget,
                           unsigned slot, uint64_t hi, uint64_t *out)
{
    vram_result r;
    bool ok;
    vram_status st;
    put(c, slot, 1);
    if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
        return st;
    uint64_t f1 = 0;
    for (uint32_t s = 0; s < r.n_stages; s++)
        f1 = vram__max(f1, r.stage[s].bytes[VRAM_PART_TOTAL]);
    if (!ok)
        return vram__fail(VRAM_E_DOES_NOT_FIT, "even %s 1 needs %llu bytes on the peak device, "
                          "more than the budget of %llu", slot == VRAM__C_BATCH ? "batch_size" : "seq_len",
                          (unsigned long long)f1, (unsigned long long)budget);
    uint64_t lo = 1; /* fits */
    /* secant guess from v = 1 and v = 2 */
    put(c, slot, 2);
    if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
        return st;
    if (!ok) {
        *out = 1;
        return VRAM_OK;
    }
    lo = 2;
    uint64_t f2 = 0;
    for (uint32_t s = 0; s < r.n_stages; s++)
        f2 = vram__max(f2, r.stage[s].bytes[VRAM_PART_TOTAL]);
    uint64_t top = hi;
    if (f2 > f1 && budget > f2) {
        uint64_t guess = 2 + (budget - f2) / (f2 - f1);
        if (guess > 2 && guess < hi) {
            put(c, slot, guess);
            if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
                return st;
            /* the estimate is close to linear, so the answer is near the
             * guess: gallop away from it (1, 2, 4 ... steps) to bracket the
             * answer tightly before bisecting */
            if (ok) {
                lo = guess;
                for (uint64_t step = 1; lo < top; step *= 2) {
                    uint64_t cand = top - lo > step ? lo + step : top;
                    put(c, slot, cand);
                    if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
                        return st;
                    if (!ok) {
                        top = cand - 1;
                        break;
                    }
                    lo = cand;
                }
            } else {
                top = guess - 1;
                for (uint64_t step = 1; lo < top; step *= 2) {
                    uint64_t cand = top - lo > step ? top + 1 - step : lo + 1;
                    put(c, slot, cand);
                    if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
                        return st;
                    if (ok) {
                        lo = cand;
                        break;
                    }
                    top = cand - 1;
                }
            }
        }
    }
    /* bisect (lo fits, top is the largest candidate) */
    while (lo < top) {
        uint64_t mid = lo + (top - lo + 1) / 2;
        put(c, slot, mid);
        if ((st = fits(m, c, mode, budget, &r, &ok)) != VRAM_OK)
            return st;
        if (ok)
            lo = mid;
        else
            top = mid - 1;
    }
    *out = lo;
    return VRAM_OK;
}

/* A stack copy of the config with the budget as the device memory. */
static void local_config(vram_config *lc, const vram_config *c, uint64_t budget)
{
    memcpy(lc, c, sizeof *lc);
    put(lc, VRAM__C_GPU_MEM, budget);
}

VRAM_API vram_status vram_solve_max_batch(const vram_model *model, const vram_config *config,
                                          vram_mode mode, uint64_t budget_bytes, uint64_t *out_batch)
{
    vram_status st = check_args(model, config, out_batch, "vram_solve_max_batch");
    if (st == VRAM_OK)
        st = check_budget(budget_bytes, "vram_solve_max_batch");
    if (st != VRAM_OK)
        return st;
    vram_config lc;
    local_config(&lc, config, budget_bytes);
    return largest(model, &lc, mode, budget_bytes, VRAM__C_BATCH, UINT64_C(1) << 24, out_batch);
}

VRAM_API vram_status vram_solve_max_seq_len(const vram_model *model, const vram_config *config,
                                            vram_mode mode, uint64_t budget_bytes,
                                            uint64_t *out_seq_len)
{
    vram_status st = check_args(model, config, out_seq_len, "vram_solve_max_seq_len");
    if (st == VRAM_OK)
        st = check_budget(budget_bytes, "vram_solve_max_seq_len");
    if (st != VRAM_OK)
        return st;
    vram_config lc;
    local_config(&lc, config, budget_bytes);
    /* the prompt and vLLM's max_model_len follow the context */
    unput(&lc, VRAM__C_PROMPT_LEN);
    unput(&lc, VRAM__C_MAX_MODEL_LEN);
    unput(&lc, VRAM__C_N_CTX);
    /* no longer than the model was trained for (vLLM refuses a longer
     * max_model_len; transformers would extrapolate its positions) */
    uint64_t hi = UINT64_C(1) << 32, maxpos = model->v[VRAM__M_MAX_POS];
    if (maxpos && maxpos < hi)
        hi = maxpos;
    return largest(model, &lc, mode, budget_bytes, VRAM__C_SEQ_LEN, hi, out_seq_len);
}

/* Tensor-parallel sizes of one node: 1, 2, 4, 8 that divide the heads and
 * fit the KV heads (each divides the other), largest first. */
static unsigned tp_choices(const vram_model *m, uint64_t *tps)
{
    static const uint64_t cand[] = {8, 4, 2, 1};
    unsigned n = 0;
    uint64_t a = m->v[VRAM__M_HEADS], k = m->kv_heads;
    for (unsigned i = 0; i < 4; i++) {
        uint64_t t = cand[i];
        if (a % t != 0)
            continue;
        if (!m->mla && k % t != 0 && t % k != 0)
            continue;
        tps[n++] = t;
    }
    return n;
}

VRAM_API vram_status vram_solve_min_gpus(const vram_model *model, const vram_config *config,
                                         vram_mode mode, uint64_t device_bytes, uint64_t max_devices,
                                         uint64_t *out_tp, uint64_t *out_pp, uint64_t *out_devices)
{
    if (!model || !config || !out_tp || !out_pp || !out_devices)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_solve_min_gpus: NULL argument");
    vram_status st = check_budget(device_bytes, "vram_solve_min_gpus");
    if (st != VRAM_OK)
        return st;
    if (max_devices == 0 || max_devices > 65536)
        return vram__fail(VRAM_E_RANGE, "max_devices must be in [1, 65536], got %llu",
                          (unsigned long long)max_devices);
    if (model->derived_status != VRAM_OK)
        return vram__fail_msg(model->derived_status, model->derived_msg);
    vram_config lc;
    local_config(&lc, config, device_bytes);
    uint64_t dp = config->u[VRAM__C_DP], L = model->v[VRAM__M_NUM_LAYERS];
    uint64_t tps[4];
    unsigned ntp = tp_choices(model, tps);
    vram_result r;
    vram_status refused = VRAM_OK; /* every layout refused: say why, not "does not fit" */
    bool any_layout = false;
    for (uint64_t d = 1; d * dp <= max_devices; d++) {
        for (unsigned i = 0; i < ntp; i++) {
            uint64_t tp = tps[i];
            if (d % tp != 0 || d / tp > VRAM__MAX_STAGES || d / tp > L)
                continue;
            put(&lc, VRAM__C_TP, tp);
            put(&lc, VRAM__C_PP, d / tp);
            bool ok;
            st = fits(model, &lc, mode, device_bytes, &r, &ok);
            if (st == VRAM_E_INCONSISTENT || st == VRAM_E_UNSUPPORTED) {
                refused = st;
                continue; /* a layout this engine or model cannot take */
            }
            if (st != VRAM_OK)
                return st;
            any_layout = true;
            if (ok) {
                *out_tp = tp;
                *out_pp = d / tp;
                *out_devices = d * dp;
                return VRAM_OK;
            }
        }
    }
    if (!any_layout && refused != VRAM_OK)
        return refused; /* the last refusal's message is the thread's last error */
    return vram__fail(VRAM_E_DOES_NOT_FIT, "no layout of at most %llu devices of %llu bytes "
                      "holds the workload", (unsigned long long)max_devices,
                      (unsigned long long)device_bytes);
}

VRAM_API vram_status vram_solve_best_quant(const vram_model *model, const vram_config *config,
                                           uint64_t budget_bytes, vram_quant *out_quant,
                                           uint64_t *out_bits)
{
    vram_status st = check_args(model, config, out_quant, "vram_solve_best_quant");
    if (st == VRAM_OK)
        st = check_budget(budget_bytes, "vram_solve_best_quant");
    if (st != VRAM_OK)
        return st;
    static const struct {
        vram_quant q;
        uint64_t bits; /* or the GGUF file type */
    } hf[] = {{VRAM_QUANT_NONE, 16}, {VRAM_QUANT_FP8, 8}, {VRAM_QUANT_BNB_INT8, 8},
              {VRAM_QUANT_GPTQ, 4}, {VRAM_QUANT_BNB_NF4, 4}},
      gguf[] = {{VRAM_QUANT_NONE, 16}, {VRAM_QUANT_GGUF, VRAM_GGUF_Q8_0},
                {VRAM_QUANT_GGUF, VRAM_GGUF_Q6_K}, {VRAM_QUANT_GGUF, VRAM_GGUF_Q5_K_M},
                {VRAM_QUANT_GGUF, VRAM_GGUF_Q4_K_M}, {VRAM_QUANT_GGUF, VRAM_GGUF_IQ4_XS},
                {VRAM_QUANT_GGUF, VRAM_GGUF_Q3_K_M}, {VRAM_QUANT_GGUF, VRAM_GGUF_Q2_K}};
    bool lcpp = config->u[VRAM__C_ENGINE] == VRAM_ENGINE_LLAMA_CPP;
    unsigned n = lcpp ? sizeof gguf / sizeof gguf[0] : sizeof hf / sizeof hf[0];
    vram_config lc;
    local_config(&lc, config, budget_bytes);
    vram_result r;
    for (unsigned i = 0; i < n; i++) {
        vram_quant q = lcpp ? gguf[i].q : hf[i].q;
        uint64_t bits = lcpp ? gguf[i].bits : hf[i].bits;
        /* each candidate in its own defaults: the config's quant keys are
         * ignored (as documented), not carried into every format */
        unput(&lc, VRAM__C_QUANT_BITS);
        unput(&lc, VRAM__C_QUANT_GROUP);
        unput(&lc, VRAM__C_DOUBLE_QUANT);
        put(&lc, VRAM__C_QUANT, q);
        if (q == VRAM_QUANT_GGUF)
            put(&lc, VRAM__C_GGUF_FTYPE, bits);
        else if (q == VRAM_QUANT_GPTQ)
            put(&lc, VRAM__C_QUANT_BITS, 4);
        bool ok;
        st = fits(model, &lc, VRAM_MODE_INFERENCE, budget_bytes, &r, &ok);
        if (st != VRAM_OK)
            return st;
        if (ok) {
            *out_quant = q;
            if (out_bits)
                *out_bits = bits;
            return VRAM_OK;
        }
    }
    return vram__fail(VRAM_E_DOES_NOT_FIT, "no weight format fits %llu bytes per device",
                      (unsigned long long)budget_bytes);
}

VRAM_API vram_status vram_solve_needs_checkpointing(const vram_model *model,
                                                    const vram_config *config, vram_mode mode,
                                                    uint64_t budget_bytes, int *out_needed)
{
    vram_status st = check_args(model, config, out_needed, "vram_solve_needs_checkpointing");
    if (st == VRAM_OK)
        st = check_budget(budget_bytes, "vram_solve_needs_checkpointing");
    if (st != VRAM_OK)
        return st;
    if (mode != VRAM_MODE_FULL_FT && mode != VRAM_MODE_LORA && mode != VRAM_MODE_QLORA)
        return vram__fail(VRAM_E_RANGE, "checkpointing concerns training modes, got mode %d",
                          (int)mode);
    vram_config lc;
    local_config(&lc, config, budget_bytes);
    vram_result r;
    for (int ckpt = 0; ckpt <= 1; ckpt++) {
        put(&lc, VRAM__C_GRAD_CKPT, (uint64_t)ckpt);
        bool ok;
        if ((st = fits(model, &lc, mode, budget_bytes, &r, &ok)) != VRAM_OK)
            return st;
        if (ok) {
            *out_needed = ckpt;
            return VRAM_OK;
        }
    }
    return vram__fail(VRAM_E_DOES_NOT_FIT, "the job does not fit %llu bytes per device even "
                      "with gradient checkpointing", (unsigned long long)budget_bytes);
}
