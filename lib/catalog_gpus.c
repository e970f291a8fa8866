/*
 * catalog_gpus.c - GPU catalog (DESIGN.md section 5): one static const row
 * per GPU. Memory is the total the driver reports (nvidia-smi / NVML
 * nvmlMemory_t.total, MiB x 2^20); FLOPS are dense (no sparsity); prices are
 * the seed hardware guide's on-demand USD per GPU-hour with its date.
 * Sources are named per row.
 */
#include "vram_private.h"

#include <string.h>

#define MIB(x) ((uint64_t)(x) * UINT64_C(1048576))

typedef struct gpu_row {
    const char *name, *aliases, *vendor, *arch, *source, *price_date;
    uint64_t memory;        /* bytes, as the driver reports */
    uint64_t context;       /* typical CUDA context bytes on this architecture */
    double bandwidth;       /* GB/s */
    double fp16, bf16, fp8; /* dense tensor TFLOPS */
    double price;           /* USD per GPU-hour, 0 = none */
} gpu_row;

static const gpu_row gpus[] = {
    {"H100-80GB", "h100,h100-sxm,h100-sxm5,h100 80gb hbm3,nvidia h100 80gb hbm3", "NVIDIA", "Hopper",
     "NVIDIA H100 datasheet; nvidia-smi 81559MiB; seed 003 table B.1.1/B.5.1", "2025-01-01",
     MIB(81559), MIB(530), 3350, 989.5, 989.5, 1979, 2.49},
};

#define N_GPUS (sizeof gpus / sizeof gpus[0])

VRAM_API uint32_t vram_gpu_count(void)
{
    return (uint32_t)N_GPUS;
}

static bool alias_match(const char *aliases, const char *name)
{
    char one[96];
    while (*aliases) {
        size_t n = strcspn(aliases, ",");
        if (n < sizeof one) {
            memcpy(one, aliases, n);
            one[n] = '\0';
            if (vram__name_eq(one, name))
                return true;
        }
        aliases += n;
        if (*aliases == ',')
            aliases++;
    }
    return false;
}

VRAM_API vram_status vram_gpu_find(const char *name, uint32_t *out_index)
{
    if (!name || !out_index)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_gpu_find: NULL argument");
    for (uint32_t i = 0; i < N_GPUS; i++)
        if (vram__name_eq(gpus[i].name, name) || alias_match(gpus[i].aliases, name))
            return *out_index = i, VRAM_OK;
    return vram__fail(VRAM_E_NOT_FOUND, "unknown GPU \"%s\" (vramest gpus lists the catalog)", name);
}

VRAM_API vram_status vram_gpu_get_str(uint32_t index, vram_gpu_key key, const char **out_value)
{
    if (!out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_gpu_get_str: out_value is NULL");
    if (index >= N_GPUS)
        return vram__fail(VRAM_E_RANGE, "GPU index must be < %u, got %u", (unsigned)N_GPUS, index);
    const gpu_row *g = &gpus[index];
    switch (key) {
    case VRAM_GPU_NAME: *out_value = g->name; return VRAM_OK;
    case VRAM_GPU_ALIASES: *out_value = g->aliases; return VRAM_OK;
    case VRAM_GPU_VENDOR: *out_value = g->vendor; return VRAM_OK;
    case VRAM_GPU_ARCHITECTURE: *out_value = g->arch; return VRAM_OK;
    case VRAM_GPU_SOURCE: *out_value = g->source; return VRAM_OK;
    case VRAM_GPU_PRICE_DATE: *out_value = g->price ? g->price_date : ""; return VRAM_OK;
    case VRAM_GPU_MEMORY_BYTES: case VRAM_GPU_CUDA_CONTEXT_BYTES: case VRAM_GPU_BANDWIDTH:
    case VRAM_GPU_TFLOPS_FP16: case VRAM_GPU_TFLOPS_BF16: case VRAM_GPU_TFLOPS_FP8:
    case VRAM_GPU_PRICE_PER_HOUR:
        return vram__fail(VRAM_E_TYPE, "GPU key %d is not a string", (int)key);
    default:
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown GPU key %d", (int)key);
    }
}

VRAM_API vram_status vram_gpu_get_u64(uint32_t index, vram_gpu_key key, uint64_t *out_value)
{
    if (!out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_gpu_get_u64: out_value is NULL");
    if (index >= N_GPUS)
        return vram__fail(VRAM_E_RANGE, "GPU index must be < %u, got %u", (unsigned)N_GPUS, index);
    switch (key) {
    case VRAM_GPU_MEMORY_BYTES: *out_value = gpus[index].memory; return VRAM_OK;
    case VRAM_GPU_CUDA_CONTEXT_BYTES: *out_value = gpus[index].context; return VRAM_OK;
    case VRAM_GPU_NAME: case VRAM_GPU_ALIASES: case VRAM_GPU_VENDOR: case VRAM_GPU_ARCHITECTURE:
    case VRAM_GPU_SOURCE: case VRAM_GPU_PRICE_DATE: case VRAM_GPU_BANDWIDTH:
    case VRAM_GPU_TFLOPS_FP16: case VRAM_GPU_TFLOPS_BF16: case VRAM_GPU_TFLOPS_FP8:
    case VRAM_GPU_PRICE_PER_HOUR:
        return vram__fail(VRAM_E_TYPE, "GPU key %d is not an integer", (int)key);
    default:
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown GPU key %d", (int)key);
    }
}

VRAM_API vram_status vram_gpu_get_f64(uint32_t index, vram_gpu_key key, double *out_value)
{
    if (!out_value)
        return vram__fail(VRAM_E_INVALID_ARG, "vram_gpu_get_f64: out_value is NULL");
    if (index >= N_GPUS)
        return vram__fail(VRAM_E_RANGE, "GPU index must be < %u, got %u", (unsigned)N_GPUS, index);
    const gpu_row *g = &gpus[index];
    switch (key) {
    case VRAM_GPU_BANDWIDTH: *out_value = g->bandwidth; return VRAM_OK;
    case VRAM_GPU_TFLOPS_FP16: *out_value = g->fp16; return VRAM_OK;
    case VRAM_GPU_TFLOPS_BF16: *out_value = g->bf16; return VRAM_OK;
    case VRAM_GPU_TFLOPS_FP8: *out_value = g->fp8; return VRAM_OK;
    case VRAM_GPU_PRICE_PER_HOUR: *out_value = g->price; return VRAM_OK;
    case VRAM_GPU_NAME: case VRAM_GPU_ALIASES: case VRAM_GPU_VENDOR: case VRAM_GPU_ARCHITECTURE:
    case VRAM_GPU_SOURCE: case VRAM_GPU_PRICE_DATE: case VRAM_GPU_MEMORY_BYTES:
    case VRAM_GPU_CUDA_CONTEXT_BYTES:
        return vram__fail(VRAM_E_TYPE, "GPU key %d is not a double", (int)key);
    default:
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown GPU key %d", (int)key);
    }
}

const char *vram__gpu_arch_of(uint32_t index)
{
    return index < N_GPUS ? gpus[index].arch : "";
}

uint64_t vram__gpu_memory(uint32_t index)
{
    return index < N_GPUS ? gpus[index].memory : 0;
}

uint64_t vram__gpu_context(uint32_t index)
{
    return index < N_GPUS ? gpus[index].context : 0;
}

double vram__gpu_bandwidth(uint32_t index)
{
    return index < N_GPUS ? gpus[index].bandwidth : 0;
}

double vram__gpu_price(uint32_t index)
{
    return index < N_GPUS ? gpus[index].price : 0;
}
