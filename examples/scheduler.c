/*
 * scheduler.c - a cluster scheduler's placement loop over libvramest.
 *
 * A queue of jobs (a model preset, a workload, a sequence length and a
 * batch) is placed on a pool of GPUs (catalog names and how many are free).
 * For each job and each GPU type the library answers "how few of these
 * GPUs hold it, and in which layout?" (vram_solve_min_gpus); the job goes
 * where that costs least per hour (the catalog's vram_gpu_get_f64 price
 * times the GPUs), and those GPUs leave the pool.
 *
 * The pattern a real scheduler follows:
 *  - models are built once, before the loop, and only read afterwards, so
 *    any number of placement threads may share them;
 *  - each placement thread owns one vram_config and one vram_result and
 *    reuses them for every job (this example has one such thread);
 *  - inside the loop nothing is allocated: setters, solvers and estimates
 *    work in place.
 *
 * Build: cc scheduler.c $(pkg-config --cflags --libs vramest)
 * Run:   ./scheduler          (exit 0 unless the library fails)
 */
#include <stdio.h>
#include <string.h>

#include <vramest.h>

#define GIB 1073741824.0

typedef struct job {
    const char *name;    /* the job's name in the table */
    const char *model;   /* a preset: Hugging Face id or alias (vramest models) */
    vram_mode mode;
    uint64_t seq_len;    /* tokens per sequence */
    uint64_t batch;      /* concurrent sequences, or the training micro-batch */
} job;

typedef struct gpu_type {
    const char *name;    /* catalog name (vramest gpus) */
    uint64_t count;      /* GPUs of this type in the pool */
    /* looked up once, in the catalog */
    uint32_t index;
    uint64_t usable_bytes;
    double price;        /* USD per GPU-hour */
} gpu_type;

static const job jobs[] = {
    {"chat-8b", "meta-llama/Llama-3.1-8B", VRAM_MODE_INFERENCE, 8192, 16},
    {"chat-70b", "meta-llama/Llama-3.1-70B", VRAM_MODE_INFERENCE, 8192, 16},
    {"moe-30b", "Qwen/Qwen3-30B-A3B", VRAM_MODE_INFERENCE, 32768, 4},
    {"edge-2b", "google/gemma-2-2b", VRAM_MODE_INFERENCE, 4096, 1},
    {"lora-8b", "meta-llama/Llama-3.1-8B", VRAM_MODE_LORA, 4096, 4},
    {"full-7b", "mistralai/Mistral-7B-v0.3", VRAM_MODE_FULL_FT, 4096, 1},
    {"qlora-70b", "meta-llama/Llama-3.1-70B", VRAM_MODE_QLORA, 2048, 1},
    {"full-405b", "meta-llama/Llama-3.1-405B", VRAM_MODE_FULL_FT, 4096, 1},
};
#define N_JOBS (sizeof jobs / sizeof jobs[0])

static gpu_type pool[] = {
    {"H100-80GB", 8, 0, 0, 0},
    {"A100-80GB", 8, 0, 0, 0},
    {"A100-40GB", 8, 0, 0, 0},
    {"L4", 8, 0, 0, 0},
    {"A10G", 8, 0, 0, 0},
    {"RTX-4090", 4, 0, 0, 0},
};
#define N_POOL (sizeof pool / sizeof pool[0])

static const char *const mode_names[] = {"?", "inference", "full_ft", "lora", "qlora"};

typedef struct placement {
    size_t gpu;          /* index in pool[] */
    uint64_t tp, pp, devices;
    double cost;         /* USD per hour */
} placement;

/* The cheapest placement of a job on the GPUs of `avail` (free GPUs per
 * pool entry). `config` already holds the job's workload; only the GPU key
 * changes here. Returns 1 when a placement exists, 0 when none, -1 on a
 * library error. */
static int cheapest(const vram_model *model, vram_config *config, vram_mode mode,
                    const uint64_t avail[], placement *best)
{
    int found = 0;
    for (size_t g = 0; g < N_POOL; g++) {
        const gpu_type *t = &pool[g];
        uint64_t tp, pp, n;
        if (avail[g] == 0)
            continue;
        /* the GPU's own CUDA context and engine defaults */
        if (vram_config_set_u64(config, VRAM_CFG_GPU, (uint64_t)t->index + 1) != VRAM_OK)
            return -1;
        vram_status st = vram_solve_min_gpus(model, config, mode, t->usable_bytes, avail[g],
                                             &tp, &pp, &n);
        if (st == VRAM_E_DOES_NOT_FIT)
            continue;
        if (st != VRAM_OK)
            return -1;
        double cost = t->price * (double)n;
        if (!found || cost < best->cost || (cost == best->cost && n < best->devices)) {
            *best = (placement){g, tp, pp, n, cost};
            found = 1;
        }
    }
    return found;
}

int main(void)
{
    vram_model *models[N_JOBS] = {NULL};
    vram_config *config = NULL;   /* this thread's workload, reused per job */
    vram_result *result = NULL;   /* this thread's result, reused per job */
    uint64_t free_gpus[N_POOL];
    int rc = 1;

    /* ---- setup: everything that allocates happens here ---- */
    for (size_t g = 0; g < N_POOL; g++) {
        if (vram_gpu_find(pool[g].name, &pool[g].index) != VRAM_OK ||
            vram_gpu_get_u64(pool[g].index, VRAM_GPU_USABLE_BYTES, &pool[g].usable_bytes) != VRAM_OK ||
            vram_gpu_get_f64(pool[g].index, VRAM_GPU_PRICE_PER_HOUR, &pool[g].price) != VRAM_OK) {
            fprintf(stderr, "scheduler: GPU %s: %s\n", pool[g].name, vram_last_error());
            goto done;
        }
        if (pool[g].price <= 0) {
            fprintf(stderr, "scheduler: GPU %s has no catalog price\n", pool[g].name);
            goto done;
        }
        free_gpus[g] = pool[g].count;
    }
    for (size_t j = 0; j < N_JOBS; j++) {
        /* jobs on the same preset share one model (read only from now on) */
        for (size_t k = 0; k < j && !models[j]; k++)
            if (!strcmp(jobs[k].model, jobs[j].model))
                models[j] = models[k];
        if (!models[j] && vram_model_from_preset(jobs[j].model, &models[j]) != VRAM_OK) {
            fprintf(stderr, "scheduler: %s: %s\n", jobs[j].model, vram_last_error());
            goto done;
        }
    }
    if (vram_config_create(&config) != VRAM_OK || vram_result_create(&result) != VRAM_OK) {
        fprintf(stderr, "scheduler: %s\n", vram_last_error());
        goto done;
    }

    /* ---- the placement loop: no allocation from here on ---- */
    size_t placed = 0, impossible = 0, waiting = 0;
    double cost_total = 0;
    printf("%-10s %-26s %-9s %6s %5s  %-10s %4s %5s %9s %9s %8s\n", "job", "model", "mode",
           "seq", "batch", "gpu", "n", "tp*pp", "peak_GiB", "gpu_GiB", "$/hour");
    for (size_t j = 0; j < N_JOBS; j++) {
        const job *jb = &jobs[j];
        placement p;
        /* inference is served by vLLM, training runs on transformers */
        vram_engine engine = jb->mode == VRAM_MODE_INFERENCE ? VRAM_ENGINE_VLLM
                                                             : VRAM_ENGINE_TRANSFORMERS;
        if (vram_config_set_u64(config, VRAM_CFG_ENGINE, engine) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_SEQ_LEN, jb->seq_len) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_BATCH_SIZE, jb->batch) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_MAX_NUM_SEQS, jb->batch) != VRAM_OK ||
            vram_config_unset(config, VRAM_CFG_TP) != VRAM_OK ||
            vram_config_unset(config, VRAM_CFG_PP) != VRAM_OK) {
            fprintf(stderr, "scheduler: %s: %s\n", jb->name, vram_last_error());
            goto done;
        }
        int found = cheapest(models[j], config, jb->mode, free_gpus, &p);
        if (found < 0) {
            fprintf(stderr, "scheduler: %s: %s\n", jb->name, vram_last_error());
            goto done;
        }
        printf("%-10s %-26s %-9s %6llu %5llu  ", jb->name, jb->model, mode_names[jb->mode],
               (unsigned long long)jb->seq_len, (unsigned long long)jb->batch);
        if (!found) {
            /* would it fit if the whole pool were free? */
            uint64_t all[N_POOL];
            for (size_t g = 0; g < N_POOL; g++)
                all[g] = pool[g].count;
            int later = cheapest(models[j], config, jb->mode, all, &p);
            if (later < 0) {
                fprintf(stderr, "scheduler: %s: %s\n", jb->name, vram_last_error());
                goto done;
            }
            if (later) {
                waiting++;
                printf("waiting: needs %llu x %s, busy\n", (unsigned long long)p.devices,
                       pool[p.gpu].name);
            } else {
                impossible++;
                printf("cannot fit: no GPU type of the pool holds it\n");
            }
            continue;
        }
        /* the chosen layout's peak device, for the table */
        uint64_t peak = 0;
        const gpu_type *t = &pool[p.gpu];
        if (vram_config_set_u64(config, VRAM_CFG_GPU, (uint64_t)t->index + 1) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_TP, p.tp) != VRAM_OK ||
            vram_config_set_u64(config, VRAM_CFG_PP, p.pp) != VRAM_OK ||
            vram_estimate(models[j], config, jb->mode, result) != VRAM_OK ||
            vram_result_get_u64(result, VRAM_RES_PEAK_DEVICE_BYTES, &peak) != VRAM_OK) {
            fprintf(stderr, "scheduler: %s: %s\n", jb->name, vram_last_error());
            goto done;
        }
        free_gpus[p.gpu] -= p.devices;
        placed++;
        cost_total += p.cost;
        printf("%-10s %4llu %2llux%-2llu %9.2f %9.2f %8.2f\n", t->name,
               (unsigned long long)p.devices, (unsigned long long)p.tp, (unsigned long long)p.pp,
               (double)peak / GIB, (double)t->usable_bytes / GIB, p.cost);
    }

    printf("\npool left:");
    for (size_t g = 0; g < N_POOL; g++)
        printf(" %s %llu/%llu", pool[g].name, (unsigned long long)free_gpus[g],
               (unsigned long long)pool[g].count);
    printf("\ncost of the placed jobs: %.2f USD per hour\n", cost_total);
    printf("placed %zu of %zu jobs; %zu cannot fit any GPU of the pool; %zu wait for GPUs\n",
           placed, (size_t)N_JOBS, impossible, waiting);
    if (waiting == 0)
        printf("every job that fits the pool is placed\n");
    rc = 0;

done:
    vram_result_destroy(result);
    vram_config_destroy(config);
    for (size_t j = 0; j < N_JOBS; j++) {
        int shared = 0;
        for (size_t k = 0; k < j; k++)
            shared |= models[k] == models[j];
        if (!shared)
            vram_model_destroy(models[j]);
    }
    return rc;
}
