// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "buildinfo/buildcommit.h"

#include "llmcl/buildcommit.h" // written at build time: LLMCL_BUILD_COMMIT

namespace llmcl {

const char *buildCommit()
{
    return LLMCL_BUILD_COMMIT;
}

} // namespace llmcl
