// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// The stack the engine's depth limits are checked against (engine/limits.h): 512 KiB, what
// macOS gives secondary threads and QThreadPool workers. Sanitizer builds put redzones around
// every local and keep frames unmerged (ASan, UBSan in Debug; TSan's shadow frames), so the
// same recursion takes about four times the stack there: the tests give their worker threads
// 2 MiB in those builds and 512 KiB in every other. The optimised builds are the ones users run.

#include <cstddef>

namespace llmcl::test {

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
inline constexpr std::size_t kSanitizerStackFactor = 4;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
inline constexpr std::size_t kSanitizerStackFactor = 4;
#else
inline constexpr std::size_t kSanitizerStackFactor = 1;
#endif
#else
inline constexpr std::size_t kSanitizerStackFactor = 1;
#endif

inline constexpr std::size_t kWorkerStackBytes = 512 * 1024 * kSanitizerStackFactor;

} // namespace llmcl::test
