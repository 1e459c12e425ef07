// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <memory>
#include <utility>

namespace llmcl::engine {

// An optional value kept out of line: what a verdict uses of std::optional<T> (engaged or not,
// `->`, `*`, assignment of a T, reset()) in the room of a pointer and a flag. A verdict's
// window and temporal state are rare (ensure_prob and temporal clauses only) but were 120 of a
// verdict's 232 bytes: every byte of the 50 verdicts of a turn crosses from the worker that
// makes them to the thread that writes them and back (llmcl replay --jobs N), and that traffic,
// not more instructions, was what a second job cost. reset() keeps the allocation, so that a
// recycled verdict sets its window again without allocating. Copies are deep.
template<typename T>
class Boxed
{
public:
    Boxed() noexcept = default;
    Boxed(T value) // implicit, as std::optional's
        : m_value(std::make_unique<T>(std::move(value)))
        , m_engaged(true)
    { }
    Boxed(const Boxed &other)
        : m_value(other.m_engaged ? std::make_unique<T>(*other.m_value) : nullptr)
        , m_engaged(other.m_engaged)
    { }
    Boxed(Boxed &&other) noexcept
        : m_value(std::move(other.m_value))
        , m_engaged(std::exchange(other.m_engaged, false))
    { }
    Boxed &operator=(const Boxed &other)
    {
        if (this == &other)
            return *this;
        if (other.m_engaged)
            *this = *other.m_value;
        else
            reset();
        return *this;
    }
    Boxed &operator=(Boxed &&other) noexcept
    {
        m_value = std::move(other.m_value);
        m_engaged = std::exchange(other.m_engaged, false);
        return *this;
    }
    Boxed &operator=(T value)
    {
        if (m_value)
            *m_value = std::move(value);
        else
            m_value = std::make_unique<T>(std::move(value));
        m_engaged = true;
        return *this;
    }
    ~Boxed() = default;

    bool has_value() const noexcept { return m_engaged; }
    explicit operator bool() const noexcept { return m_engaged; }
    T *operator->() noexcept { return m_value.get(); }
    const T *operator->() const noexcept { return m_value.get(); }
    T &operator*() noexcept { return *m_value; }
    const T &operator*() const noexcept { return *m_value; }
    // Disengages; the value's memory is kept for the next assignment.
    void reset() noexcept { m_engaged = false; }

private:
    std::unique_ptr<T> m_value;
    bool m_engaged = false;
};

} // namespace llmcl::engine
