// SPDX-FileCopyrightText: 2026 The LLMCL Studio authors
// SPDX-License-Identifier: GPL-3.0-or-later
#include "tracer/sha256.h"

#include <atomic>
#include <charconv>
#include <cstring>

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define LLMCL_SHA_NI 1
#include <immintrin.h>
#endif

namespace llmcl::tracer {

namespace {

constexpr std::array<std::uint32_t, 64> kRound = {0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5,
    0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
    0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc,
    0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da, 0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7,
    0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
    0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3,
    0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070, 0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5,
    0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
    0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

std::uint32_t rotr(std::uint32_t x, int n)
{
    return (x >> n) | (x << (32 - n));
}

void compressPortable(std::array<std::uint32_t, 8> &state, const std::uint8_t *block)
{
    std::array<std::uint32_t, 64> w {};
    for (int i = 0; i < 16; ++i)
        w[i] = std::uint32_t(block[i * 4]) << 24 | std::uint32_t(block[i * 4 + 1]) << 16
            | std::uint32_t(block[i * 4 + 2]) << 8 | std::uint32_t(block[i * 4 + 3]);
    for (int i = 16; i < 64; ++i) {
        const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
        const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
        w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto [a, b, c, d, e, f, g, h] = state;
    for (int i = 0; i < 64; ++i) {
        const std::uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
        const std::uint32_t choose = (e & f) ^ (~e & g);
        const std::uint32_t t1 = h + s1 + choose + kRound[i] + w[i];
        const std::uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
        const std::uint32_t majority = (a & b) ^ (a & c) ^ (b & c);
        const std::uint32_t t2 = s0 + majority;
        h = g;
        g = f;
        f = e;
        e = d + t1;
        d = c;
        c = b;
        b = a;
        a = t1 + t2;
    }
    const std::array<std::uint32_t, 8> add = {a, b, c, d, e, f, g, h};
    for (int i = 0; i < 8; ++i)
        state[i] += add[i];
}

#if LLMCL_SHA_NI
// The rounds on the SHA extensions (SHA-NI): four rounds per pair of sha256rnds2, the message
// schedule by sha256msg1/msg2. The state is kept as ABEF and CDGH, as the instructions want it.
__attribute__((target("sha,sse4.1"))) void compressSha(
    std::array<std::uint32_t, 8> &state, const std::uint8_t *data, std::size_t blocks)
{
    const __m128i byteSwap = _mm_set_epi64x(0x0c0d0e0f08090a0bULL, 0x0405060700010203ULL);
    __m128i tmp = _mm_loadu_si128(reinterpret_cast<const __m128i *>(&state[0]));
    __m128i state1 = _mm_loadu_si128(reinterpret_cast<const __m128i *>(&state[4]));
    tmp = _mm_shuffle_epi32(tmp, 0xB1); // CDAB
    state1 = _mm_shuffle_epi32(state1, 0x1B); // EFGH
    __m128i state0 = _mm_alignr_epi8(tmp, state1, 8); // ABEF
    state1 = _mm_blend_epi16(state1, tmp, 0xF0); // CDGH

    for (; blocks > 0; --blocks, data += 64) {
        const __m128i savedAbef = state0;
        const __m128i savedCdgh = state1;
        __m128i w[4];
        for (int g = 0; g < 16; ++g) {
            if (g < 4) {
                w[g] = _mm_shuffle_epi8(
                    _mm_loadu_si128(reinterpret_cast<const __m128i *>(data + 16 * g)), byteSwap);
            } else {
                __m128i t = _mm_sha256msg1_epu32(w[(g - 4) & 3], w[(g - 3) & 3]);
                t = _mm_add_epi32(t, _mm_alignr_epi8(w[(g - 1) & 3], w[(g - 2) & 3], 4));
                w[g & 3] = _mm_sha256msg2_epu32(t, w[(g - 1) & 3]);
            }
            __m128i message = _mm_add_epi32(
                w[g & 3], _mm_loadu_si128(reinterpret_cast<const __m128i *>(&kRound[4 * g])));
            state1 = _mm_sha256rnds2_epu32(state1, state0, message);
            message = _mm_shuffle_epi32(message, 0x0E);
            state0 = _mm_sha256rnds2_epu32(state0, state1, message);
        }
        state0 = _mm_add_epi32(state0, savedAbef);
        state1 = _mm_add_epi32(state1, savedCdgh);
    }

    tmp = _mm_shuffle_epi32(state0, 0x1B); // FEBA
    state1 = _mm_shuffle_epi32(state1, 0xB1); // DCHG
    state0 = _mm_blend_epi16(tmp, state1, 0xF0); // DCBA
    state1 = _mm_alignr_epi8(state1, tmp, 8); // ABEF → HGFE
    _mm_storeu_si128(reinterpret_cast<__m128i *>(&state[0]), state0);
    _mm_storeu_si128(reinterpret_cast<__m128i *>(&state[4]), state1);
}

bool cpuHasSha()
{
    __builtin_cpu_init();
    return __builtin_cpu_supports("sha") && __builtin_cpu_supports("sse4.1");
}
#endif

std::atomic<bool> g_forcePortable {false};

} // namespace

bool Sha256::accelerated()
{
#if LLMCL_SHA_NI
    static const bool has = cpuHasSha();
    return has && !g_forcePortable.load(std::memory_order_relaxed);
#else
    return false;
#endif
}

void Sha256::forcePortable(bool portable)
{
    g_forcePortable.store(portable);
}

void Sha256::compress(const std::uint8_t *blocks, std::size_t count)
{
#if LLMCL_SHA_NI
    if (accelerated()) {
        compressSha(m_state, blocks, count);
        return;
    }
#endif
    for (std::size_t i = 0; i < count; ++i)
        compressPortable(m_state, blocks + 64 * i);
}

void Sha256::add(std::string_view data)
{
    const auto *p = reinterpret_cast<const std::uint8_t *>(data.data());
    std::size_t size = data.size();
    m_length += size;
    if (m_used) {
        const std::size_t take = std::min(size, 64 - m_used);
        std::memcpy(m_block.data() + m_used, p, take);
        m_used += take;
        p += take;
        size -= take;
        if (m_used < 64)
            return;
        compress(m_block.data(), 1);
        m_used = 0;
    }
    // Whole blocks straight from the input.
    if (size >= 64) {
        compress(p, size / 64);
        p += size / 64 * 64;
        size %= 64;
    }
    std::memcpy(m_block.data(), p, size);
    m_used = size;
}

void Sha256::field(std::string_view data)
{
    char prefix[24];
    const auto [end, ec] = std::to_chars(prefix, prefix + sizeof prefix - 1, data.size());
    *end = ':';
    add(std::string_view(prefix, std::size_t(end - prefix) + 1));
    add(data);
}

void Sha256::field(char tag, std::string_view data)
{
    char prefix[26];
    const auto [end, ec] = std::to_chars(prefix, prefix + sizeof prefix - 2, data.size() + 1);
    end[0] = ':';
    end[1] = tag;
    add(std::string_view(prefix, std::size_t(end - prefix) + 2));
    add(data);
}

std::string Sha256::hex()
{
    const std::uint64_t bits = m_length * 8;
    std::uint8_t tail[72] = {0x80};
    const std::size_t pad = (m_used < 56 ? 56 - m_used : 120 - m_used);
    for (int i = 0; i < 8; ++i)
        tail[pad + std::size_t(i)] = static_cast<std::uint8_t>(bits >> ((7 - i) * 8));
    add(std::string_view(reinterpret_cast<const char *>(tail), pad + 8));
    static constexpr char kDigits[] = "0123456789abcdef";
    std::string out;
    out.reserve(64);
    for (const std::uint32_t word : m_state)
        for (int i = 28; i >= 0; i -= 4)
            out += kDigits[(word >> i) & 0xf];
    return out;
}

} // namespace llmcl::tracer
