// SPDX-License-Identifier: Apache-2.0
// A bounded, thread-safe cache of masters. Emulators render many
// impressions of the same few fingers, and a master costs far more than an
// impression; least-recently-used masters are dropped beyond the bound.
#pragma once

#include <cstddef>
#include <cstdint>
#include <future>
#include <list>
#include <memory>
#include <mutex>
#include <unordered_map>

#include "master_fingerprint.hpp"

namespace ktpel::sim::fingerprint {

class MasterCache
{
public:
    // Throws std::invalid_argument if capacity is 0.
    explicit MasterCache(std::size_t capacity = 256, MasterParams params = {});

    // The master of (person, position), generated on first use. Concurrent
    // callers asking for the same finger wait for one generation. The
    // returned master stays valid after eviction.
    std::shared_ptr<const MasterFingerprint> get(std::uint64_t person, FingerPosition position);

    std::size_t size() const;
    std::size_t capacity() const { return capacity_; }
    const MasterParams& params() const { return params_; }
    std::uint64_t hits() const;
    std::uint64_t misses() const;
    void clear();

    // A process-wide cache with default parameters.
    static MasterCache& shared();

private:
    struct Key
    {
        std::uint64_t person = 0;
        int position = 0;
        bool operator==(const Key&) const = default;
    };
    struct KeyHash
    {
        std::size_t operator()(const Key& key) const;
    };
    using Master = std::shared_ptr<const MasterFingerprint>;
    struct Entry
    {
        std::shared_future<Master> master;
        std::list<Key>::iterator recency;
    };

    void evict_locked();

    const std::size_t capacity_;
    const MasterParams params_;
    mutable std::mutex mutex_;
    std::list<Key> recency_; // most recent first
    std::unordered_map<Key, Entry, KeyHash> entries_;
    std::uint64_t hits_ = 0;
    std::uint64_t misses_ = 0;
};

} // namespace ktpel::sim::fingerprint
