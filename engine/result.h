// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <variant>

namespace llmcl::engine {

// An infrastructure failure (I/O, storage, a bad file): a message for people that names the
// file and the cause. Problems in a contract are Diagnostics, never Errors.
struct Error
{
    // What a caller may decide on without reading the message (which is for people). Set by
    // the layer that knows the cause (tracer/sqlite.cpp from SQLite's result code) and kept by
    // every layer that passes the error on.
    enum class Kind : std::uint8_t
    {
        Other,
        // Someone else holds what the operation needs (another connection's lock on a database
        // file) for longer than it waited: the same operation may succeed later.
        Busy,
        // The storage refused to grow (a full disk, a quota, a file-size limit): the failed
        // write was rolled back whole.
        Full,
        // The file may not be written (its permissions, an immutable file, a read-only file
        // system or a read-only open).
        ReadOnly,
    };

    std::string message;
    Kind kind = Kind::Other;
};

// The value of an operation that can fail for reasons outside the user's contract, in the
// manner of C++23's std::expected<T, Error> (the project builds as C++20). Check with `ok()`
// or `if (result)` before reading `value()`.
template<typename T>
class Result
{
public:
    Result(T value)
        : m_data(std::in_place_index<0>, std::move(value))
    { }
    Result(Error error)
        : m_data(std::in_place_index<1>, std::move(error))
    { }

    bool ok() const noexcept { return m_data.index() == 0; }
    explicit operator bool() const noexcept { return ok(); }

    T &value() & { return std::get<0>(m_data); }
    const T &value() const & { return std::get<0>(m_data); }
    T &&value() && { return std::get<0>(std::move(m_data)); }
    const Error &error() const { return std::get<1>(m_data); }

private:
    std::variant<T, Error> m_data;
};

} // namespace llmcl::engine
