/* kernel/list.h - intrusive circular doubly linked lists (a node inside each element). */
#ifndef KERNEL_LIST_H
#define KERNEL_LIST_H

#include <stdbool.h>
#include <stddef.h>

struct list {
    struct list *prev, *next;
};

#define LIST_INIT(name) { &(name), &(name) }

static inline void list_init(struct list *l) { l->prev = l->next = l; }
static inline bool list_empty(const struct list *l) { return l->next == l; }

static inline void list_add_tail(struct list *head, struct list *n)
{
    n->prev = head->prev;
    n->next = head;
    head->prev->next = n;
    head->prev = n;
}

/* Inserts n first, before every other element. */
static inline void list_add_head(struct list *head, struct list *n)
{
    list_add_tail(head->next, n);
}

static inline void list_del(struct list *n)
{
    n->prev->next = n->next;
    n->next->prev = n->prev;
    n->prev = n->next = n;
}

#define container_of(p, type, member) ((type *)((char *)(p) - offsetof(type, member)))
#define list_first(head, type, member) container_of((head)->next, type, member)

/* Iterates over elements; the current one may be removed (n is fetched first). */
#define list_for_each_safe(pos, n, head) \
    for (pos = (head)->next, n = pos->next; pos != (head); pos = n, n = pos->next)

#endif
