// SPDX-License-Identifier: Apache-2.0
// Biometric samples held in memory, by capture id, for the applications
// that recorded them: the only place a raw sample lives after its capture
// reply. Samples are overwritten with zeros when discarded: on
// capture.discard, when their application closes, and at shutdown. Loop
// thread only.
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "held_capture.hpp"

namespace ktpel::daemon {

class CaptureStore
{
public:
    // `limit_bytes` bounds the samples held at once: a station serving a
    // few applications holds tens of megabytes; a runaway client must not
    // take the PC's memory.
    explicit CaptureStore(std::size_t limit_bytes);
    ~CaptureStore();
    CaptureStore(const CaptureStore&) = delete;
    CaptureStore& operator=(const CaptureStore&) = delete;

    // Stores `capture` under a new id, which it returns. Throws DomainError
    // resource_exhausted (and wipes `capture`) when it would pass the limit.
    std::string hold(HeldCapture capture);

    const HeldCapture* find(const std::string& id) const;
    std::vector<const HeldCapture*> of_application(const std::string& application) const;

    // Wipe and forget: discard says whether the id was held, the others
    // how many captures went.
    bool discard(const std::string& id);
    std::size_t discard_application(const std::string& application);
    std::size_t discard_all();

    std::size_t held_bytes() const noexcept { return held_bytes_; }
    std::size_t limit_bytes() const noexcept { return limit_bytes_; }
    std::size_t size() const noexcept { return captures_.size(); }

private:
    std::size_t limit_bytes_;
    std::size_t held_bytes_ = 0;
    std::map<std::string, HeldCapture> captures_;
};

// Overwrites the samples' bytes with zeros in a way the compiler may not
// drop (libsodium's sodium_memzero).
void wipe(HeldCapture& capture);

} // namespace ktpel::daemon
