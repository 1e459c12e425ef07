// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <string>
#include <string_view>

namespace llmcl::tracer {

// Replaces personal data in `text` with markers (docs/trace-format.md, "Redaction"):
//
// - e-mail addresses (local@domain.tld)                         → <EMAIL_REDACTED>
// - US social security numbers (123-45-6789, 123 45 6789; never area 000, 666 or 9xx, group 00
//   or serial 0000)                                              → <SSN_REDACTED>
// - payment card numbers: 13 to 19 digits, contiguous or in groups separated by one kind of
//   separator (space or dash), passing the Luhn check           → <CARD_REDACTED>
// - phone numbers: North American (555-123-4567, (555) 123-4567, 555.123.4567, +1 555 123 4567,
//   1-555-123-4567) and international ones written with a leading + (8 to 15 digits)
//                                                                → <PHONE_REDACTED>
//
// A number only matches as a whole: one glued to letters, to another number by '.', '-' or
// '/' (dates, versions, IP addresses, order numbers such as ORD-555-123-4567) is left alone.
// Works on UTF-8 bytes (non-ASCII text passes through unchanged). Pure; thread-safe.
std::string redactPii(std::string_view text);

} // namespace llmcl::tracer
