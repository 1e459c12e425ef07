// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <nanobind/nanobind.h>

namespace llmcl::python {

// Adds the classes llmcl.dask uses to the extension module: PartitionSet (a worker's compiled
// contracts, replaying a partition into bytes) and DistributedRun (the client's merge into a
// stored run).
void addDaskBindings(nanobind::module_ &m);

} // namespace llmcl::python
