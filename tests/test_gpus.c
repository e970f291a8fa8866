/*
 * test_gpus.c - the GPU catalog (lib/catalog_gpus.c) through the public API.
 *
 * Memory figures are pinned to the nvidia-smi / rocm-smi prints the catalog
 * cites (each quoted in a comment); prices to the seed hardware guide's
 * table B.5.1 (seed 003, "2024~2025"), per GPU.
 */
#include "vram_test.h"

#define MIB(x) ((uint64_t)(x) * UINT64_C(1048576))

static uint32_t find(const char *name)
{
    uint32_t i = UINT32_MAX;
    if (vram_gpu_find(name, &i) != VRAM_OK)
        fail_msg("vram_gpu_find(\"%s\"): %s", name, vram_last_error());
    return i;
}

static const char *str(uint32_t i, vram_gpu_key k)
{
    const char *s = NULL;
    assert_ok(vram_gpu_get_str(i, k, &s));
    assert_non_null(s);
    return s;
}

static uint64_t u64(uint32_t i, vram_gpu_key k)
{
    uint64_t v = 0;
    assert_ok(vram_gpu_get_u64(i, k, &v));
    return v;
}

static double f64(uint32_t i, vram_gpu_key k)
{
    double v = -1;
    assert_ok(vram_gpu_get_f64(i, k, &v));
    return v;
}

/* Every row is complete, finds itself by name and by each alias, and no
 * alias is claimed by two rows. */
static void test_gpus_rows_complete(void **state)
{
    (void)state;
    uint32_t n = vram_gpu_count();
    assert_true(n >= 24);
    for (uint32_t i = 0; i < n; i++) {
        const char *name = str(i, VRAM_GPU_NAME);
        assert_true(name[0] != '\0');
        assert_true(str(i, VRAM_GPU_VENDOR)[0] != '\0');
        assert_true(str(i, VRAM_GPU_ARCHITECTURE)[0] != '\0');
        assert_true(strlen(str(i, VRAM_GPU_SOURCE)) > 40);
        assert_true(u64(i, VRAM_GPU_MEMORY_BYTES) > 0);
        assert_true(f64(i, VRAM_GPU_BANDWIDTH) > 0);
        assert_true(f64(i, VRAM_GPU_TFLOPS_FP16) >= 0);
        assert_true(f64(i, VRAM_GPU_TFLOPS_BF16) >= 0);
        assert_true(f64(i, VRAM_GPU_TFLOPS_FP8) >= 0);
        double price = f64(i, VRAM_GPU_PRICE_PER_HOUR);
        assert_true(price >= 0);
        /* a price carries its date; no price, no date */
        assert_string_equal(str(i, VRAM_GPU_PRICE_DATE), price > 0 ? "2025-01-01" : "");
        assert_int_equal(find(name), i);

        char aliases[512];
        snprintf(aliases, sizeof aliases, "%s", str(i, VRAM_GPU_ALIASES));
        for (char *save = aliases, *a; (a = strtok_r(save, ",", &save)) != NULL;)
            if (find(a) != i)
                fail_msg("alias \"%s\" of %s finds row %u", a, name, find(a));
    }
}

static void test_gpus_lookup_names(void **state)
{
    (void)state;
    uint32_t h100 = find("H100-80GB");
    /* case-insensitive; '-', '_', ' ' and '.' alike */
    assert_int_equal(find("h100"), h100);
    assert_int_equal(find("H100_SXM5"), h100);
    assert_int_equal(find("nvidia h100 80gb hbm3"), h100);
    assert_int_equal(find("NVIDIA H100 80GB HBM3"), h100);
    assert_string_equal(str(find("rtx 4090"), VRAM_GPU_NAME), "RTX-4090");
    assert_string_equal(str(find("NVIDIA GeForce RTX 4090"), VRAM_GPU_NAME), "RTX-4090");
    assert_string_equal(str(find("Tesla T4"), VRAM_GPU_NAME), "T4");
    assert_string_equal(str(find("A100"), VRAM_GPU_NAME), "A100-80GB");
    assert_string_equal(str(find("nvidia a100-sxm4-40gb"), VRAM_GPU_NAME), "A100-40GB");
    assert_string_equal(str(find("H100 PCIe"), VRAM_GPU_NAME), "H100-PCIe");
    assert_string_equal(str(find("h100 nvl"), VRAM_GPU_NAME), "H100-NVL");
    assert_string_equal(str(find("AMD Instinct MI300X"), VRAM_GPU_NAME), "MI300X");
    assert_string_equal(str(find("m2 ultra"), VRAM_GPU_NAME), "M2-Ultra-192GB");
    assert_string_equal(str(find("nvidia rtx 6000 ada generation"), VRAM_GPU_NAME),
                        "RTX-6000-Ada");

    uint32_t i = 7;
    assert_status(vram_gpu_find("H100-90GB", &i), VRAM_E_NOT_FOUND);
    assert_status(vram_gpu_find("", &i), VRAM_E_NOT_FOUND);
    assert_status(vram_gpu_find("h10", &i), VRAM_E_NOT_FOUND);
    assert_status(vram_gpu_find(NULL, &i), VRAM_E_INVALID_ARG);
    assert_status(vram_gpu_find("h100", NULL), VRAM_E_INVALID_ARG);
}

static void test_gpus_typed_getters(void **state)
{
    (void)state;
    uint32_t n = vram_gpu_count();
    const char *s = NULL;
    uint64_t u = 0;
    double d = 0;
    /* wrong type */
    assert_status(vram_gpu_get_u64(0, VRAM_GPU_BANDWIDTH, &u), VRAM_E_TYPE);
    assert_status(vram_gpu_get_u64(0, VRAM_GPU_NAME, &u), VRAM_E_TYPE);
    assert_status(vram_gpu_get_f64(0, VRAM_GPU_MEMORY_BYTES, &d), VRAM_E_TYPE);
    assert_status(vram_gpu_get_f64(0, VRAM_GPU_SOURCE, &d), VRAM_E_TYPE);
    assert_status(vram_gpu_get_str(0, VRAM_GPU_CUDA_CONTEXT_BYTES, &s), VRAM_E_TYPE);
    assert_status(vram_gpu_get_str(0, VRAM_GPU_PRICE_PER_HOUR, &s), VRAM_E_TYPE);
    /* unknown keys */
    assert_status(vram_gpu_get_u64(0, (vram_gpu_key)999, &u), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_gpu_get_f64(0, (vram_gpu_key)0, &d), VRAM_E_UNKNOWN_KEY);
    assert_status(vram_gpu_get_str(0, (vram_gpu_key)7, &s), VRAM_E_UNKNOWN_KEY);
    /* index out of range */
    assert_status(vram_gpu_get_u64(n, VRAM_GPU_MEMORY_BYTES, &u), VRAM_E_RANGE);
    assert_status(vram_gpu_get_f64(n, VRAM_GPU_BANDWIDTH, &d), VRAM_E_RANGE);
    assert_status(vram_gpu_get_str(UINT32_MAX, VRAM_GPU_NAME, &s), VRAM_E_RANGE);
    /* NULL outputs */
    assert_status(vram_gpu_get_u64(0, VRAM_GPU_MEMORY_BYTES, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_gpu_get_f64(0, VRAM_GPU_BANDWIDTH, NULL), VRAM_E_INVALID_ARG);
    assert_status(vram_gpu_get_str(0, VRAM_GPU_NAME, NULL), VRAM_E_INVALID_ARG);
}

/* Memory as the driver printed it, from the logs each row cites. */
static void test_gpus_memory_from_logs(void **state)
{
    (void)state;
    /* NVIDIA/nccl#1264: "NVIDIA H100 80GB HBM3 ... 0MiB /  81559MiB" */
    assert_int_equal(u64(find("H100-80GB"), VRAM_GPU_MEMORY_BYTES), MIB(81559));
    /* modal-labs/modal-client#2797, nvidia-smi totals: "A100 80GB: 81920MiB",
     * "A100 40GB: 40960MiB", "L40S: 46068MiB", "L4: 23034MiB", "T4: 15360MiB" */
    assert_int_equal(u64(find("A100-80GB"), VRAM_GPU_MEMORY_BYTES), MIB(81920));
    assert_int_equal(u64(find("A100-40GB"), VRAM_GPU_MEMORY_BYTES), MIB(40960));
    assert_int_equal(u64(find("L40S"), VRAM_GPU_MEMORY_BYTES), MIB(46068));
    assert_int_equal(u64(find("L4"), VRAM_GPU_MEMORY_BYTES), MIB(23034));
    assert_int_equal(u64(find("T4"), VRAM_GPU_MEMORY_BYTES), MIB(15360));
    /* RLinf/RLinf#255: "NVIDIA GeForce RTX 4090 ... 507MiB /  24564MiB" */
    assert_int_equal(u64(find("RTX-4090"), VRAM_GPU_MEMORY_BYTES), MIB(24564));
    /* noonghunna/club-3090#1128: "NVIDIA GeForce RTX 3090 ... 22598MiB /  24576MiB" */
    assert_int_equal(u64(find("RTX-3090"), VRAM_GPU_MEMORY_BYTES), MIB(24576));
    /* noonghunna/club-3090#1261: "NVIDIA GeForce RTX 5090 ... 29024MiB /  32607MiB" */
    assert_int_equal(u64(find("RTX-5090"), VRAM_GPU_MEMORY_BYTES), MIB(32607));
    /* ROCm/legacy-rocm-build#4750 (MI300X): "VRAM Total Memory (B): 206141652992" */
    assert_int_equal(u64(find("MI300X"), VRAM_GPU_MEMORY_BYTES), UINT64_C(206141652992));
    /* an H100's 81559 MiB is 79.65 GiB, above the 79.19 GiB cudaMemGetInfo total
     * vLLM logged on the same card (measured.jsonl vllm-llmd-llama31-8b-tp1-16384) */
    assert_true(u64(find("H100-80GB"), VRAM_GPU_MEMORY_BYTES) > UINT64_C(7919) * (UINT64_C(1) << 30) / 100);
}

/* Dense tensor rates: half the datasheet's sparsity figures. */
static void test_gpus_dense_flops(void **state)
{
    (void)state;
    /* H100 SXM: BF16 1978.9 and FP8 3957.8 with sparsity (H100 whitepaper as
     * tabulated by glennklockwood.com): 989.4 and 1978.9 dense; the seed's
     * starred 989* and 1,979* are these dense figures */
    uint32_t h = find("H100-80GB");
    assert_rel_close(f64(h, VRAM_GPU_TFLOPS_BF16), 989.4, 1e-9);
    assert_rel_close(f64(h, VRAM_GPU_TFLOPS_FP8), 1978.9, 1e-9);
    assert_rel_close(f64(h, VRAM_GPU_BANDWIDTH), 3350, 1e-9);
    /* H100 PCIe: 1,513* and 3,026* with sparsity, "1/2 lower without" */
    uint32_t p = find("H100-PCIe");
    assert_rel_close(f64(p, VRAM_GPU_TFLOPS_FP16), 1513.0 / 2, 1e-9);
    assert_rel_close(f64(p, VRAM_GPU_TFLOPS_FP8), 3026.0 / 2, 1e-9);
    /* A100: 312 dense (624* with sparsity), no FP8 */
    uint32_t a = find("A100-80GB");
    assert_rel_close(f64(a, VRAM_GPU_TFLOPS_BF16), 312, 1e-9);
    assert_rel_close(f64(a, VRAM_GPU_TFLOPS_FP8), 0, 0);
    /* L40S datasheet: BF16 362.05 | 733*, FP8 733 | 1,466* */
    uint32_t l = find("L40S");
    assert_rel_close(f64(l, VRAM_GPU_TFLOPS_BF16), 362.05, 1e-9);
    assert_rel_close(f64(l, VRAM_GPU_TFLOPS_FP8), 733, 1e-9);
    /* no BF16 before Ampere */
    assert_rel_close(f64(find("V100-32GB"), VRAM_GPU_TFLOPS_BF16), 0, 0);
}

/* Seed 003 table B.5.1, per GPU (instance price / GPUs). */
static void test_gpus_seed_prices(void **state)
{
    (void)state;
    /* Lambda gpu_1x_h100_sxm5 ~$2.49/hr, the lowest H100 offer (p5.48xlarge
     * $98.32 / 8 = $12.29) */
    assert_rel_close(f64(find("H100-80GB"), VRAM_GPU_PRICE_PER_HOUR), 2.49, 1e-12);
    /* GCP a2-highgpu-1g ~$3.67/hr beats AWS p4d.24xlarge $32.77 / 8 = $4.10 */
    assert_rel_close(f64(find("A100-40GB"), VRAM_GPU_PRICE_PER_HOUR), 3.67, 1e-12);
    /* AWS g5.xlarge (1 x A10G) ~$1.01/hr; g6.xlarge (1 x L4) ~$0.80/hr */
    assert_rel_close(f64(find("A10G"), VRAM_GPU_PRICE_PER_HOUR), 1.01, 1e-12);
    assert_rel_close(f64(find("L4"), VRAM_GPU_PRICE_PER_HOUR), 0.80, 1e-12);
    /* Vast.ai Community RTX 4090 ~$0.30/hr, A100 80GB ~$1.10/hr */
    assert_rel_close(f64(find("RTX-4090"), VRAM_GPU_PRICE_PER_HOUR), 0.30, 1e-12);
    assert_rel_close(f64(find("A100-80GB"), VRAM_GPU_PRICE_PER_HOUR), 1.10, 1e-12);
    /* not in the seed's table */
    assert_rel_close(f64(find("H200"), VRAM_GPU_PRICE_PER_HOUR), 0, 0);
    assert_string_equal(str(find("H200"), VRAM_GPU_PRICE_DATE), "");
}

/* CUDA context per architecture, from the measurements the catalog cites. */
static void test_gpus_cuda_context(void **state)
{
    (void)state;
    /* measured.jsonl vllm-llmd-llama31-8b-tp1-16384: total 79.19 GiB, free at
     * startup 78.68 GiB -> 0.51 GiB = 522 MiB (0.51 x 1024 = 522.24) */
    assert_int_equal(u64(find("H100-80GB"), VRAM_GPU_CUDA_CONTEXT_BYTES), MIB(522));
    assert_int_equal(u64(find("H200"), VRAM_GPU_CUDA_CONTEXT_BYTES), MIB(522));
    /* unslothai/unsloth-zoo#1053: RTX 6000 Ada, "torch.cuda.mem_get_info(0) | 426 MiB" */
    assert_int_equal(u64(find("RTX-6000-Ada"), VRAM_GPU_CUDA_CONTEXT_BYTES), MIB(426));
    /* invoke-ai/InvokeAI#9413: "a flat 256 MiB" on an RTX 3090 */
    assert_int_equal(u64(find("RTX-3090"), VRAM_GPU_CUDA_CONTEXT_BYTES), MIB(256));
    /* pytorch/pytorch#86509: "shows a memory usage of: 287,047,680 bytes" (LAZY) */
    assert_int_equal(u64(find("T4"), VRAM_GPU_CUDA_CONTEXT_BYTES), UINT64_C(287047680));
}

/* Apple GPUs share unified memory: Metal lets a process wire about three
 * quarters of it (recommendedMaxWorkingSetSize: ~144 GB of an M2 Ultra's
 * 192 GB). vLLM has no Metal backend, so it refuses them; llama.cpp serves
 * them. */
static void test_gpu_apple_unified_memory(void **state)
{
    (void)state;
    uint32_t i = 0;
    uint64_t mem = 0, usable = 0;
    assert_ok(vram_gpu_find("m2 ultra", &i));
    assert_ok(vram_gpu_get_u64(i, VRAM_GPU_MEMORY_BYTES, &mem));
    assert_ok(vram_gpu_get_u64(i, VRAM_GPU_USABLE_BYTES, &usable));
    assert_int_equal(mem, UINT64_C(192) << 30);
    assert_int_equal(usable, UINT64_C(144) << 30);
    vram_model *m = NULL;
    vram_config *c = NULL;
    vram_result *r = NULL;
    assert_ok(vram_model_from_preset("meta-llama/Llama-3.1-8B", &m));
    assert_ok(vram_config_create(&c));
    assert_ok(vram_result_create(&r));
    assert_ok(vram_config_set_str(c, VRAM_CFG_GPU, "M2-Ultra-192GB"));
    assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, "vllm"));
    assert_status(vram_estimate_inference(m, c, r), VRAM_E_UNSUPPORTED);
    assert_non_null(strstr(vram_last_error(), "Metal"));
    uint64_t tp, pp, n;
    assert_status(vram_solve_min_gpus(m, c, VRAM_MODE_INFERENCE, usable, 8, &tp, &pp, &n),
                  VRAM_E_UNSUPPORTED);
    assert_ok(vram_config_set_str(c, VRAM_CFG_ENGINE, "llama.cpp"));
    assert_ok(vram_config_set_str(c, VRAM_CFG_QUANT, "gguf"));
    assert_ok(vram_estimate_inference(m, c, r));
    assert_int_equal(vt_res(r, VRAM_RES_FIT_DEVICE_BYTES), UINT64_C(144) << 30);
    vram_model_destroy(m);
    vram_config_destroy(c);
    vram_result_destroy(r);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_gpu_apple_unified_memory),
        cmocka_unit_test(test_gpus_rows_complete),
        cmocka_unit_test(test_gpus_lookup_names),
        cmocka_unit_test(test_gpus_typed_getters),
        cmocka_unit_test(test_gpus_memory_from_logs),
        cmocka_unit_test(test_gpus_dense_flops),
        cmocka_unit_test(test_gpus_seed_prices),
        cmocka_unit_test(test_gpus_cuda_context),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
