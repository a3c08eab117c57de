/* SPDX-License-Identifier: GPL-2.0-or-later */
/* Inside model/: the family files' functions the knob table (knob.c) names. */
#ifndef NT_MODEL_KNOB_INT_H
#define NT_MODEL_KNOB_INT_H

#include "model/knob.h"
#include "model/knob_value.h"
#include "model/snapshot.h"

/* knob_sysctl.c */
bool knob_sysctl_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		      const struct nt_knob_id *id, struct nt_value *out);
void knob_sysctl_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
			 size_t size);
/* knob_ethtool.c: rings, channels, EEE */
bool knob_ring_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		    const struct nt_knob_id *id, struct nt_value *out);
int knob_ring_read_err(const struct nt_netdev *d);
long long knob_ring_max(const struct nt_netdev *d, const struct nt_knob_id *id);
void knob_ring_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		       size_t size);
bool knob_channels_read(const struct nt_snapshot *b, const struct nt_netdev *d,
			const struct nt_knob_id *id, struct nt_value *out);
int knob_channels_read_err(const struct nt_netdev *d);
long long knob_channels_max(const struct nt_netdev *d, const struct nt_knob_id *id);
void knob_channels_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
			   size_t size);
bool knob_eee_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out);
int knob_eee_read_err(const struct nt_netdev *d);
void knob_eee_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size);
/* knob_irq.c */
bool knob_irq_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out);
void knob_irq_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size);
/* knob_rps.c */
bool knob_rps_read(const struct nt_snapshot *b, const struct nt_netdev *d,
		   const struct nt_knob_id *id, struct nt_value *out);
void knob_rps_command(const struct nt_knob_id *id, const struct nt_value *to, char *out,
		      size_t size);

#endif
