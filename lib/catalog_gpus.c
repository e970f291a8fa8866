/*
 * catalog_gpus.c - GPU catalog (DESIGN.md section 5): one static const row
 * per GPU, its sources named in the row's source string.
 *
 * memory: the total the driver reports, as nvidia-smi prints it ("Total" MiB
 *   x 2^20, NVML nvmlMemory_t.total) or rocm-smi ("VRAM Total Memory (B)").
 *   Each figure is quoted from a public nvidia-smi/rocm-smi print (GitHub
 *   issue, PR, or a repository file the search index does not name, cited
 *   by its index id). Where no print was found the row says "marketing
 *   size". Apple rows hold the unified memory total; Metal's
 *   recommendedMaxWorkingSetSize, what llama.cpp may allocate, is lower
 *   (about 75%: 144 GB of 192, 96 GB of 128, raullenchai/Rapid-MLX#183).
 * bandwidth: GB/s (10^9 bytes/s) from the vendor's datasheet.
 * fp16/bf16/fp8: dense tensor-core TFLOPS (no 2:4 sparsity), with FP32
 *   accumulation where GeForce cards halve it (RTX 3090/4090/5090); 0 = not
 *   supported (no BF16 before Ampere, no FP8 before Ada/Hopper) or, for
 *   Apple, not published. Seed 003 table B.1.1: its starred BF16/FP8
 *   figures are already dense tensor rates (its footnote: "x2 with
 *   sparsity"; NVIDIA's H100 datasheet prints 1,979 BF16 *with* sparsity
 *   where the seed prints 989*), so they are kept, not halved. Its plain
 *   FP16 column is the non-tensor rate (H100 267, A100 77.9) or, for Ada
 *   cards, the FP32 shader rate (82.6, 91.1, 91.6), and its Ada "FP8"
 *   column is the FP16 tensor rate; the rows below use tensor rates.
 * context: typical CUDA context bytes of a PyTorch process (CUDA >= 11.7,
 *   lazy module loading), by architecture:
 *   Hopper 522 MiB - measured.jsonl vllm-llmd-llama31-8b-tp1-16384 (vLLM on
 *     H100: total 79.19 GiB, free at startup 78.68 GiB: 0.51 GiB in use
 *     before the weights load);
 *   Ada 426 MiB - unslothai/unsloth-zoo#1053 (nvidia-smi after
 *     torch.cuda.mem_get_info() on an RTX 6000 Ada, PyTorch 2.10/CUDA 13);
 *   Ampere 256 MiB - invoke-ai/InvokeAI#9413 (bare context on an RTX 3090,
 *     torch 2.7.1+cu128);
 *   Volta/Turing 287,047,680 bytes - pytorch/pytorch#86509 (total - free
 *     with CUDA_MODULE_LOADING=LAZY);
 *   Blackwell: no public measurement found; the Hopper figure stands in.
 *   AMD and Apple: 0, no measurement; the engines' default then applies.
 * price: seed 003 table B.5.1 ("2024~2025", dated 2025-01-01 here), USD per
 *   GPU-hour = instance price / GPUs in it; where the seed lists several
 *   offers for a GPU, the lowest per-GPU price, its instance named in the
 *   source. 0 where the seed has none.
 */
#include "vram_private.h"

#include <string.h>

#define MIB(x) ((uint64_t)(x) * UINT64_C(1048576))
#define GIB(x) ((uint64_t)(x) * UINT64_C(1073741824))

/* CUDA context by architecture (see the header comment). */
#define CTX_HOPPER MIB(522)
#define CTX_ADA MIB(426)
#define CTX_AMPERE MIB(256)
#define CTX_VOLTA UINT64_C(287047680)
#define CTX_BLACKWELL CTX_HOPPER

typedef struct gpu_row {
    const char *name, *aliases, *vendor, *arch, *source, *price_date;
    uint64_t memory;        /* bytes, as the driver reports */
    uint64_t context;       /* typical CUDA context bytes on this architecture */
    double bandwidth;       /* GB/s */
    double fp16, bf16, fp8; /* dense tensor TFLOPS */
    double price;           /* USD per GPU-hour, 0 = none */
} gpu_row;

#define SEED "2025-01-01"

static const gpu_row gpus[] = {
    {"H100-80GB",
     "h100,h100-sxm,h100-sxm5,h100-sxm-80gb,h100 80gb hbm3,nvidia h100 80gb hbm3",
     "NVIDIA", "Hopper",
     "memory: nvidia-smi 'NVIDIA H100 80GB HBM3 ... 81559MiB' (NVIDIA/nccl#1264; also "
     "modal-labs/modal-client#2797); bandwidth 3,350 GB/s and dense FP16/BF16 989.4, FP8 1978.9 "
     "TFLOPS: NVIDIA H100 datasheet/whitepaper as tabulated at glennklockwood.com/garden/"
     "processors/h100 (seed B.1.1: 3,350 GB/s, 989*, 1,979*); price: seed B.5.1 Lambda "
     "gpu_1x_h100_sxm5 $2.49/h (AWS p5.48xlarge and GCP a3-highgpu-8g $98.32/8 = $12.29, "
     "RunPod $3.29)",
     SEED, MIB(81559), CTX_HOPPER, 3350, 989.4, 989.4, 1978.9, 2.49},
    {"H100-PCIe", "h100 pcie,h100-pcie-80gb,nvidia h100 pcie", "NVIDIA", "Hopper",
     "memory: nvidia-smi 'NVIDIA H100 PCIe ... 81559MiB' (public repo files, search-index ids "
     "52712584324, 31353373741); bandwidth 2,000 GB/s, FP16/BF16 1,513* and FP8 3,026* TFLOPS "
     "with sparsity, halved here (NVIDIA H100 datasheet as transcribed at archive-lib.hpctech."
     "co.jp/gpuproduct/nvidia-h100.html); no seed price",
     SEED, MIB(81559), CTX_HOPPER, 2000, 756.5, 756.5, 1513, 0},
    {"H100-NVL", "h100 nvl,h100-nvl-94gb,nvidia h100 nvl", "NVIDIA", "Hopper",
     "memory: nvidia-smi 'NVIDIA H100 NVL ... 95830MiB' (public repo files, search-index ids "
     "56993218293, 20393772835); bandwidth 3.9 TB/s, FP16/BF16 1,671* and FP8 3,341* TFLOPS "
     "with sparsity, halved here: NVIDIA H100 NVL datasheet figures, not re-fetched in this "
     "revision; no seed price",
     SEED, MIB(95830), CTX_HOPPER, 3900, 835.5, 835.5, 1670.5, 0},
    {"H200", "h200-sxm,h200 sxm,h200-141gb,nvidia h200", "NVIDIA", "Hopper",
     "memory: nvidia-smi 'NVIDIA H200 ... 143771MiB' (public repo files, search-index ids "
     "7120582781, 6737105653); bandwidth 4,800 GB/s (seed B.1.1); dense FP16/BF16 989, FP8 "
     "1,979 TFLOPS (seed B.1.1 989*, 1,979*; itkb.uw.cz 'NVIDIA H200 vs B300' dense table; the "
     "GH100 compute of the H100, 989.4/1978.9); no seed price",
     SEED, MIB(143771), CTX_HOPPER, 4800, 989.4, 989.4, 1978.9, 0},
    {"A100-80GB",
     "a100,a100-sxm,a100-sxm4-80gb,a100 80gb,a100-80g,nvidia a100-sxm4-80gb", "NVIDIA",
     "Ampere",
     "memory: nvidia-smi 'A100 80GB: 81920MiB' (modal-labs/modal-client#2797); bandwidth "
     "2,039 GB/s, dense FP16/BF16 312 TFLOPS, no FP8 (NVIDIA A100 datasheet via glennklockwood"
     ".com/garden/processors/A100; seed B.1.1 312*); price: seed B.5.1 Vast.ai Community "
     "$1.10/h (Lambda gpu_1x_a100_sxm4 $1.29, RunPod $1.64, GCP a2-ultragpu-8g $40.97/8 = "
     "$5.12)",
     SEED, MIB(81920), CTX_AMPERE, 2039, 312, 312, 0, 1.10},
    {"A100-40GB", "a100-sxm4-40gb,a100 40gb,a100-40g,nvidia a100-sxm4-40gb", "NVIDIA", "Ampere",
     "memory: nvidia-smi 'A100 40GB: 40960MiB' (modal-labs/modal-client#2797); bandwidth "
     "1,555 GB/s, dense FP16/BF16 312 TFLOPS, no FP8 (NVIDIA A100 datasheet via glennklockwood"
     ".com; seed B.1.1); price: seed B.5.1 GCP a2-highgpu-1g $3.67/h (AWS p4d.24xlarge "
     "$32.77/8 = $4.10)",
     SEED, MIB(40960), CTX_AMPERE, 1555, 312, 312, 0, 3.67},
    {"RTX-4090", "4090,rtx4090,rtx 4090,geforce rtx 4090,nvidia geforce rtx 4090", "NVIDIA",
     "Ada Lovelace",
     "memory: nvidia-smi 'NVIDIA GeForce RTX 4090 ... 24564MiB' (RLinf/RLinf#255); bandwidth "
     "1,008 GB/s (seed B.1.1); dense tensor TFLOPS with FP32 accumulation FP16/BF16 165.2, FP8 "
     "330.3 (NVIDIA Ada whitepaper figures as listed at hmc-tech.com 'FP16-32 165.2, FP8-32 "
     "330.3' and waredb.com; the seed's 82.6 is the FP32 shader rate and its 165.2 'FP8' the "
     "FP16 tensor rate); price: seed B.5.1 Vast.ai Community $0.30/h (RunPod $0.44)",
     SEED, MIB(24564), CTX_ADA, 1008, 165.2, 165.2, 330.3, 0.30},
    {"RTX-6000-Ada", "rtx 6000 ada,rtx6000 ada,rtx 6000 ada generation,nvidia rtx 6000 ada "
     "generation", "NVIDIA", "Ada Lovelace",
     "memory: nvidia-smi 'NVIDIA RTX 6000 Ada Gene... 49140MiB' (public repo files, "
     "search-index ids 4018585421, 23480344452); bandwidth 960 GB/s (seed B.1.1, grafikkarten."
     "com); FP8 1,457 TFLOPS with sparsity (NVIDIA datasheet figure, not re-fetched): dense "
     "FP8 728.5, FP16/BF16 364.2 (the seed's 91.1 is the FP32 rate); no seed price",
     SEED, MIB(49140), CTX_ADA, 960, 364.2, 364.2, 728.5, 0},
    {"L40S", "l40s,l40-s,nvidia l40s", "NVIDIA", "Ada Lovelace",
     "memory: nvidia-smi 'L40S: 46068MiB' (modal-labs/modal-client#2797); bandwidth 864 GB/s, "
     "dense FP16/BF16 362.05, FP8 733 TFLOPS (NVIDIA L40S datasheet table as transcribed at "
     "mullet.se, '* With Sparsity' 733*/1,466*; the seed's 91.6 is the FP32 rate); seed B.5.1 "
     "lists no L40S price ('cloud only')",
     SEED, MIB(46068), CTX_ADA, 864, 362.05, 362.05, 733, 0},
    {"A10G", "a10g,nvidia a10g,aws a10g", "NVIDIA", "Ampere",
     "memory: nvidia-smi 'NVIDIA A10G ... 23028MiB' (public repo files, search-index ids "
     "12429508796, 66347997005); bandwidth 600 GB/s and dense BF16 70 TFLOPS (AWS variant of "
     "the A10, whose tensor peak is 125; public roofline script, search-index id 57386956670, "
     "and baseten.co 'NVIDIA A10 vs A10G'); no FP8; price: seed B.5.1 AWS g5.xlarge (1 GPU) "
     "$1.01/h",
     SEED, MIB(23028), CTX_AMPERE, 600, 70, 70, 0, 1.01},
    {"L4", "l4,nvidia l4", "NVIDIA", "Ada Lovelace",
     "memory: nvidia-smi 'L4: 23034MiB' (modal-labs/modal-client#2797); bandwidth 300 GB/s, "
     "dense FP16/BF16 125.34, FP8 250.68 TFLOPS (hmc-tech.com 'NVIDIA L4 vs NVIDIA T4', from "
     "the boost clock; NVIDIA's datasheet prints 242*/485* with sparsity); price: seed B.5.1 "
     "AWS g6.xlarge (1 GPU) $0.80/h",
     SEED, MIB(23034), CTX_ADA, 300, 125.34, 125.34, 250.68, 0.80},
    {"T4", "t4,tesla t4,nvidia t4,tesla-t4", "NVIDIA", "Turing",
     "memory: nvidia-smi 'T4: 15360MiB' (modal-labs/modal-client#2797); bandwidth 320 GB/s, "
     "FP16 tensor 65 TFLOPS (NVIDIA T4 datasheet; hmc-tech.com 65.13); no BF16 or FP8 on "
     "Turing; no seed price",
     SEED, MIB(15360), CTX_VOLTA, 320, 65, 0, 0, 0},
    {"V100-16GB", "v100,v100-sxm2-16gb,tesla v100-sxm2-16gb,v100 16gb", "NVIDIA", "Volta",
     "memory: nvidia-smi 'Tesla V100-SXM2... 16160MiB' (public repo file, search-index id "
     "37093147388; drivers before R450 print 16130MiB); bandwidth 900 GB/s, FP16 tensor 125 "
     "TFLOPS (NVIDIA V100 SXM2 datasheet figures, not re-fetched; sysrqmts.com lists 897 GB/s "
     "for the PCIe card); no BF16 or FP8 on Volta; no seed price",
     SEED, MIB(16160), CTX_VOLTA, 900, 125, 0, 0, 0},
    {"V100-32GB", "v100-sxm2-32gb,tesla v100-sxm2-32gb,v100 32gb", "NVIDIA", "Volta",
     "memory: nvidia-smi 'Tesla V100-SXM2... 32768MiB' (public repo files, search-index ids "
     "41782489701, 57490895392; older drivers print 32480-32510MiB); bandwidth 900 GB/s, FP16 "
     "tensor 125 TFLOPS (NVIDIA V100 SXM2 datasheet figures, not re-fetched); no seed price",
     SEED, MIB(32768), CTX_VOLTA, 900, 125, 0, 0, 0},
    {"RTX-3090", "3090,rtx3090,rtx 3090,geforce rtx 3090,nvidia geforce rtx 3090", "NVIDIA",
     "Ampere",
     "memory: nvidia-smi 'NVIDIA GeForce RTX 3090 ... 24576MiB' (noonghunna/club-3090#1128; "
     "vLLM's total_gpu_memory 23.58 GiB in measured.jsonl vllm-10517 is cudaMemGetInfo's "
     "smaller total); bandwidth 936 GB/s and dense FP16/BF16 71 TFLOPS with FP32 accumulation "
     "(NVIDIA GA102 whitepaper, Appendix A, figures not re-fetched); no FP8; no seed price",
     SEED, MIB(24576), CTX_AMPERE, 936, 71, 71, 0, 0},
    {"RTX-5090", "5090,rtx5090,rtx 5090,geforce rtx 5090,nvidia geforce rtx 5090", "NVIDIA",
     "Blackwell",
     "memory: nvidia-smi 'NVIDIA GeForce RTX 5090 ... 32607MiB' (noonghunna/club-3090#1261); "
     "bandwidth 1,792 GB/s; dense FP16/BF16 209.5 TFLOPS with FP32 accumulation "
     "(codesota.com 'FP16 dense 209.5 from the NVIDIA datasheet'), FP8 419.2 (spheron.network: "
     "1,676.8 sparse FP8 = 838.4 dense with FP16 accumulation, half with FP32); no seed price",
     SEED, MIB(32607), CTX_BLACKWELL, 1792, 209.5, 209.5, 419.2, 0},
    {"B200", "b200,b200-sxm,hgx b200,nvidia b200", "NVIDIA", "Blackwell",
     "memory: nvidia-smi 'NVIDIA B200 ... 183359MiB' (public repo files, search-index ids "
     "9174932594, 22535078302); bandwidth 8 TB/s; dense FP16/BF16 2,250, FP8 4,500 TFLOPS at "
     "1,000 W (HGX B200, glennklockwood.com/garden/processors/B200); no seed price",
     SEED, MIB(183359), CTX_BLACKWELL, 8000, 2250, 2250, 4500, 0},
    {"GB200", "gb200,gb200 nvl72,nvidia gb200", "NVIDIA", "Blackwell",
     "memory: nvidia-smi 'NVIDIA GB200 ... 189471MiB' per GPU (public repo files, "
     "search-index ids 51864327511, 57445483512); bandwidth 8 TB/s per GPU; dense FP16/BF16 "
     "2,500, FP8 5,000 TFLOPS per GPU at 1,200 W (glennklockwood.com/garden/processors/B200, "
     "GB200 variant); no seed price",
     SEED, MIB(189471), CTX_BLACKWELL, 8000, 2500, 2500, 5000, 0},
    {"MI250X", "mi250x,amd instinct mi250x,instinct mi250x,mi250x gcd", "AMD", "CDNA2",
     "one GCD, the device ROCm exposes (an MI250X is two): memory rocm-smi 'VRAM Total Memory "
     "(B): 68702699520' on 'AMD INSTINCT MI200 (MCM) OAM LC MBA HPE C2' (public repo file, "
     "search-index id 69016060398); bandwidth and FP16/BF16 half of the module's 3.2 TB/s and "
     "383 TFLOPS (AMD's table as reproduced at zexron.com; CDNA2 has no sparsity or FP8); no "
     "seed price",
     SEED, UINT64_C(68702699520), 0, 1600, 191.5, 191.5, 0, 0},
    {"MI300X", "mi300x,amd instinct mi300x,instinct mi300x,amd instinct mi300x oam", "AMD",
     "CDNA3",
     "memory: rocm-smi 'VRAM Total Memory (B): 206141652992' on MI300X (ROCm/legacy-rocm-build"
     "#4750); bandwidth 5.3 TB/s, dense FP16/BF16 1,307.4, FP8 2,614.9 TFLOPS (AMD figures as "
     "listed at awesomeagents.ai for the MI325X, whose compute is the MI300X's); no seed price",
     SEED, UINT64_C(206141652992), 0, 5300, 1307.4, 1307.4, 2614.9, 0},
    {"MI325X", "mi325x,amd instinct mi325x,instinct mi325x", "AMD", "CDNA3",
     "memory: marketing size 256 GB HBM3E taken as 256 GiB (no rocm-smi print found; the "
     "MI300X reports 16 MiB less than its 192 GiB); bandwidth 6 TB/s, dense FP16/BF16 "
     "1,307.4, FP8 2,614.9 TFLOPS (awesomeagents.ai 'AMD Instinct MI325X'); no seed price",
     SEED, GIB(256), 0, 6000, 1307.4, 1307.4, 2614.9, 0},
    {"M2-Ultra-192GB", "m2 ultra,m2-ultra,apple m2 ultra,m2 ultra 192gb", "Apple", "Apple M2",
     "memory: the 192 GB unified total (marketing size, 192 x 2^30); Metal's "
     "recommendedMaxWorkingSetSize is lower (about 144 GB, raullenchai/Rapid-MLX#183); "
     "bandwidth 800 GB/s (Apple); no matrix-unit TFLOPS published: 0; no seed price",
     SEED, GIB(192), 0, 800, 0, 0, 0, 0},
    {"M3-Max-128GB", "m3 max,m3-max,apple m3 max,m3 max 128gb", "Apple", "Apple M3",
     "memory: the 128 GB unified total (marketing size, 128 x 2^30); Metal's "
     "recommendedMaxWorkingSetSize is lower (about 96 GB, raullenchai/Rapid-MLX#183); "
     "bandwidth 400 GB/s for the 40-core GPU (macmegasite.com, Apple); no matrix-unit TFLOPS "
     "published: 0; no seed price",
     SEED, GIB(128), 0, 400, 0, 0, 0, 0},
    {"M4-Max-128GB", "m4 max,m4-max,apple m4 max,m4 max 128gb", "Apple", "Apple M4",
     "memory: the 128 GB unified total (marketing size, 128 x 2^30); Metal's "
     "recommendedMaxWorkingSetSize is lower (107.52 GiB measured on a 128 GB M5 Max, "
     "antirez/ds4#893); bandwidth 546 GB/s (Apple, via macmegasite.com); no matrix-unit TFLOPS "
     "published: 0; no seed price",
     SEED, GIB(128), 0, 546, 0, 0, 0, 0},
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

/* Value type of each key: 's' string, 'u' integer, 'f' double. */
static char key_type(vram_gpu_key key)
{
    switch (key) {
    case VRAM_GPU_NAME: case VRAM_GPU_ALIASES: case VRAM_GPU_VENDOR: case VRAM_GPU_ARCHITECTURE:
    case VRAM_GPU_SOURCE: case VRAM_GPU_PRICE_DATE:
        return 's';
    case VRAM_GPU_MEMORY_BYTES: case VRAM_GPU_CUDA_CONTEXT_BYTES: case VRAM_GPU_USABLE_BYTES:
        return 'u';
    case VRAM_GPU_BANDWIDTH: case VRAM_GPU_TFLOPS_FP16: case VRAM_GPU_TFLOPS_BF16:
    case VRAM_GPU_TFLOPS_FP8: case VRAM_GPU_PRICE_PER_HOUR:
        return 'f';
    default:
        return 0;
    }
}

static vram_status check_get(uint32_t index, vram_gpu_key key, const void *out, char want,
                             const char *fn)
{
    static const char *const type_names[] = {"a string", "an integer", "a double"};
    if (!out)
        return vram__fail(VRAM_E_INVALID_ARG, "%s: out_value is NULL", fn);
    if (index >= N_GPUS)
        return vram__fail(VRAM_E_RANGE, "GPU index must be < %u, got %u", (unsigned)N_GPUS, index);
    char t = key_type(key);
    if (!t)
        return vram__fail(VRAM_E_UNKNOWN_KEY, "unknown GPU key %d", (int)key);
    if (t != want)
        return vram__fail(VRAM_E_TYPE, "GPU key %d is not %s", (int)key,
                          type_names[want == 's' ? 0 : want == 'u' ? 1 : 2]);
    return VRAM_OK;
}

VRAM_API vram_status vram_gpu_get_str(uint32_t index, vram_gpu_key key, const char **out_value)
{
    vram_status st = check_get(index, key, out_value, 's', "vram_gpu_get_str");
    if (st != VRAM_OK)
        return st;
    const gpu_row *g = &gpus[index];
    switch (key) {
    case VRAM_GPU_NAME: *out_value = g->name; break;
    case VRAM_GPU_ALIASES: *out_value = g->aliases; break;
    case VRAM_GPU_VENDOR: *out_value = g->vendor; break;
    case VRAM_GPU_ARCHITECTURE: *out_value = g->arch; break;
    case VRAM_GPU_SOURCE: *out_value = g->source; break;
    default: *out_value = g->price ? g->price_date : ""; break;
    }
    return VRAM_OK;
}

VRAM_API vram_status vram_gpu_get_u64(uint32_t index, vram_gpu_key key, uint64_t *out_value)
{
    vram_status st = check_get(index, key, out_value, 'u', "vram_gpu_get_u64");
    if (st != VRAM_OK)
        return st;
    switch (key) {
    case VRAM_GPU_MEMORY_BYTES: *out_value = gpus[index].memory; break;
    case VRAM_GPU_USABLE_BYTES: *out_value = vram__gpu_usable(index); break;
    default: *out_value = gpus[index].context; break;
    }
    return VRAM_OK;
}

VRAM_API vram_status vram_gpu_get_f64(uint32_t index, vram_gpu_key key, double *out_value)
{
    vram_status st = check_get(index, key, out_value, 'f', "vram_gpu_get_f64");
    if (st != VRAM_OK)
        return st;
    const gpu_row *g = &gpus[index];
    switch (key) {
    case VRAM_GPU_BANDWIDTH: *out_value = g->bandwidth; break;
    case VRAM_GPU_TFLOPS_FP16: *out_value = g->fp16; break;
    case VRAM_GPU_TFLOPS_BF16: *out_value = g->bf16; break;
    case VRAM_GPU_TFLOPS_FP8: *out_value = g->fp8; break;
    default: *out_value = g->price; break;
    }
    return VRAM_OK;
}

/*
 * What a CUDA process can allocate: cudaMemGetInfo's total, below the
 * driver's total by a reserve the driver keeps (page tables, framebuffer).
 * Measured: H100 80GB 81,559 MiB by nvidia-smi vs 79.19 GiB by torch
 * (tests/data/measured.jsonl vllm-llmd-llama31-8b-tp1-16384): 468 MiB;
 * RTX 3090 24,576 MiB vs 23.58 GiB (vllm-10517-llama31-8b-3090-20k): 430
 * MiB; a 16 GB card 16,311 vs 15,849 MiB: 462 MiB (ctxprobe's README,
 * search-index id 68891870426). 462 MiB is used for every NVIDIA GPU;
 * AMD rows report their total. Apple GPUs share unified memory with the
 * system, and Metal lets one process wire about three quarters of it
 * (recommendedMaxWorkingSetSize, which llama.cpp prints at load: about
 * 144 GB of 192 GB, 96 GB of 128 GB, raullenchai/Rapid-MLX#183).
 */
#define DRIVER_RESERVE MIB(462)

uint64_t vram__gpu_usable(uint32_t index)
{
    if (index >= N_GPUS)
        return 0;
    const gpu_row *g = &gpus[index];
    if (vram__gpu_is_apple(index))
        return g->memory / 4 * 3;
    if (memcmp(g->vendor, "NVIDIA", sizeof "NVIDIA") != 0 || g->memory <= DRIVER_RESERVE)
        return g->memory;
    return g->memory - DRIVER_RESERVE;
}

bool vram__gpu_is_apple(uint32_t index)
{
    return index < N_GPUS && memcmp(gpus[index].vendor, "Apple", sizeof "Apple") == 0;
}

const char *vram__gpu_arch_of(uint32_t index)
{
    return index < N_GPUS ? gpus[index].arch : "";
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
