/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Shared by signal.c and signal_bpf.c; not for users of signal.h. */
#ifndef NT_ENGINE_SIGNAL_INT_H
#define NT_ENGINE_SIGNAL_INT_H

#include "engine/signal.h"
#include "sample/napi.h"

/* NET_RX (@rx) or NET_TX handler time of @cpu, % of the interval. */
bool signal_bpf_cpu_time(const struct nt_interval *iv, int cpu, bool rx, double *v);

/* Sum of one NAPI counter's rate over the NAPIs of device @dev, or of its
 * RX queue @queue when >= 0. */
bool signal_bpf_napi_sum(const struct nt_interval *iv, int dev, int queue, enum nt_napi_field f,
			 double *v);

/* The share of device @dev's polls that used the whole weight, %. */
bool signal_bpf_napi_full_share(const struct nt_interval *iv, int dev, double *v);

#endif
