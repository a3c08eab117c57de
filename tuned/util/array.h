/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Growing arrays that keep their storage (the engine's tables). */
#ifndef NT_ARRAY_H
#define NT_ARRAY_H

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * Makes room for one more element in the array @v (a typed pointer
 * lvalue, holding @n of *@cap elements), doubling from @first. 0, or
 * -ENOMEM leaving @v as it was. Typed: no (void **) cast, and the element
 * size comes from @v itself.
 */
#define array_grow(v, cap, n, first)                                                          \
	__extension__({                                                                       \
		__typeof__(v) *array_v_ = &(v);                                               \
		size_t *array_cap_ = (cap);                                                   \
		size_t array_want_ = *array_cap_ ? 2 * *array_cap_ : (size_t)(first);         \
		int array_r_ = 0;                                                             \
                                                                                              \
		if ((size_t)(n) >= *array_cap_) {                                             \
			__typeof__(v) array_p_ =                                              \
				array_want_ > SIZE_MAX / sizeof(**array_v_) ?                 \
					NULL :                                                \
					realloc(*array_v_, array_want_ * sizeof(**array_v_)); \
			if (array_p_) {                                                       \
				*array_v_ = array_p_;                                         \
				*array_cap_ = array_want_;                                    \
			} else {                                                              \
				array_r_ = -ENOMEM;                                           \
			}                                                                     \
		}                                                                             \
		array_r_;                                                                     \
	})

/* Makes room for @n elements in the array @v (exactly @n when it grows). */
#define array_reserve(v, cap, n)                                                           \
	__extension__({                                                                    \
		__typeof__(v) *array_v_ = &(v);                                            \
		size_t *array_cap_ = (cap), array_n_ = (n);                                \
		int array_r_ = 0;                                                          \
                                                                                           \
		if (array_n_ > *array_cap_) {                                              \
			__typeof__(v) array_p_ =                                           \
				array_n_ > SIZE_MAX / sizeof(**array_v_) ?                 \
					NULL :                                             \
					realloc(*array_v_, array_n_ * sizeof(**array_v_)); \
			if (array_p_) {                                                    \
				*array_v_ = array_p_;                                      \
				*array_cap_ = array_n_;                                    \
			} else {                                                           \
				array_r_ = -ENOMEM;                                        \
			}                                                                  \
		}                                                                          \
		array_r_;                                                                  \
	})

#endif
