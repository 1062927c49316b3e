/* abi/rseq.h - restartable sequences (rseq, 334): Linux's structures. */
#ifndef ABI_RSEQ_H
#define ABI_RSEQ_H

#include <stdint.h>

#define RSEQ_FLAG_UNREGISTER      1
#define RSEQ_CPU_ID_UNINITIALIZED 0xffffffffu
#define RSEQ_ORIG_SIZE            32      /* the first layout; longer ones add fields */

/* What a thread registers: the kernel keeps cpu_id_start, cpu_id, node_id and
 * mm_cid current, and reads rseq_cs, the critical section the thread is in (0 for
 * none), whenever the thread is preempted or gets a signal. */
struct rseq {
    uint32_t cpu_id_start;
    uint32_t cpu_id;
    uint64_t rseq_cs;
    uint32_t flags;
    uint32_t node_id;
    uint32_t mm_cid;
} __attribute__((aligned(32)));

#define RSEQ_FEATURE_SIZE 28      /* offsetof(struct rseq, mm_cid) + 4: the fields this kernel fills */

/* A critical section [start_ip, start_ip + post_commit_offset): interrupted there,
 * the thread resumes at abort_ip, which must follow the 4-byte signature it
 * registered with. */
struct rseq_cs {
    uint32_t version;
    uint32_t flags;
    uint64_t start_ip;
    uint64_t post_commit_offset;
    uint64_t abort_ip;
} __attribute__((aligned(32)));

#endif
