// SPDX-License-Identifier: Apache-2.0
#include "capture_store.hpp"

#include <algorithm>

#include <sodium.h>

#include "../errors/domain_error.hpp"

namespace ktpel::daemon {
namespace {

std::string new_capture_id()
{
    unsigned char random[16];
    randombytes_buf(random, sizeof random);
    static constexpr char digits[] = "0123456789abcdef";
    std::string id = "cap-";
    for (const auto byte : random) {
        id.push_back(digits[byte >> 4]);
        id.push_back(digits[byte & 0xf]);
    }
    return id;
}

} // namespace

void wipe(HeldCapture& capture)
{
    for (auto& part : capture.parts) {
        if (!part.bytes.empty())
            sodium_memzero(part.bytes.data(), part.bytes.size());
        part.bytes.clear();
    }
}

CaptureStore::CaptureStore(std::size_t limit_bytes) : limit_bytes_(limit_bytes)
{
    if (sodium_init() < 0)
        throw std::runtime_error("libsodium cannot initialise (no entropy source?)");
}

CaptureStore::~CaptureStore()
{
    discard_all();
}

std::string CaptureStore::hold(HeldCapture capture)
{
    const auto bytes = capture.bytes();
    if (held_bytes_ + bytes > limit_bytes_) {
        wipe(capture);
        throw DomainError(
            Fault::resource_exhausted,
            "too many biometric samples held: discard captures or finish "
            "applications first",
            {{"limit_bytes", limit_bytes_}, {"held_bytes", held_bytes_}, {"capture_bytes", bytes}});
    }
    auto id = new_capture_id();
    capture.id = id;
    held_bytes_ += bytes;
    captures_.emplace(id, std::move(capture));
    return id;
}

const HeldCapture* CaptureStore::find(const std::string& id) const
{
    const auto it = captures_.find(id);
    return it == captures_.end() ? nullptr : &it->second;
}

std::vector<const HeldCapture*> CaptureStore::of_application(const std::string& application) const
{
    std::vector<const HeldCapture*> found;
    for (const auto& [id, capture] : captures_) {
        if (capture.application == application)
            found.push_back(&capture);
    }
    std::sort(found.begin(), found.end(), [](const HeldCapture* a, const HeldCapture* b) {
        return a->captured_at < b->captured_at;
    });
    return found;
}

bool CaptureStore::discard(const std::string& id)
{
    const auto it = captures_.find(id);
    if (it == captures_.end())
        return false;
    held_bytes_ -= it->second.bytes();
    wipe(it->second);
    captures_.erase(it);
    return true;
}

std::size_t CaptureStore::discard_application(const std::string& application)
{
    std::size_t count = 0;
    for (auto it = captures_.begin(); it != captures_.end();) {
        if (it->second.application == application) {
            held_bytes_ -= it->second.bytes();
            wipe(it->second);
            it = captures_.erase(it);
            ++count;
        } else {
            ++it;
        }
    }
    return count;
}

std::size_t CaptureStore::discard_all()
{
    const auto count = captures_.size();
    for (auto& [id, capture] : captures_)
        wipe(capture);
    captures_.clear();
    held_bytes_ = 0;
    return count;
}

} // namespace ktpel::daemon
