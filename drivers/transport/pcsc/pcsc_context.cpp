// SPDX-License-Identifier: Apache-2.0
#include "pcsc_context.hpp"

#include <utility>

#include "pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {

PcscContext PcscContext::establish()
{
    LONG result = SCARD_S_SUCCESS;
    PcscContext context = try_establish(result);
    if (!context)
        throw_error(result, "cannot reach pcscd (SCardEstablishContext)");
    return context;
}

PcscContext PcscContext::try_establish(LONG& result) noexcept
{
    PcscContext context;
    result = SCardEstablishContext(SCARD_SCOPE_SYSTEM, nullptr, nullptr, &context.context_);
    context.established_ = result == SCARD_S_SUCCESS;
    return context;
}

PcscContext::PcscContext(PcscContext&& other) noexcept
    : context_(std::exchange(other.context_, 0)),
      established_(std::exchange(other.established_, false))
{
}

PcscContext& PcscContext::operator=(PcscContext&& other) noexcept
{
    if (this != &other) {
        reset();
        context_ = std::exchange(other.context_, 0);
        established_ = std::exchange(other.established_, false);
    }
    return *this;
}

void PcscContext::reset() noexcept
{
    if (established_)
        SCardReleaseContext(context_); // fails only if pcscd is gone: nothing left to release
    established_ = false;
    context_ = 0;
}

std::vector<std::string> PcscContext::list_readers() const
{
    std::vector<std::string> readers;
    if (const LONG result = try_list_readers(readers); result != SCARD_S_SUCCESS)
        throw_error(result, "cannot list the readers (SCardListReaders)");
    return readers;
}

LONG PcscContext::try_list_readers(std::vector<std::string>& readers) const
{
    readers.clear();
    // The list can grow between the size query and the read: retry then.
    for (int attempt = 0; attempt < 4; ++attempt) {
        DWORD size = 0;
        LONG result = SCardListReaders(context_, nullptr, nullptr, &size);
        if (result == SCARD_E_NO_READERS_AVAILABLE)
            return SCARD_S_SUCCESS;
        if (result != SCARD_S_SUCCESS)
            return result;
        std::string multi_string(size, '\0');
        result = SCardListReaders(context_, nullptr, multi_string.data(), &size);
        if (result == SCARD_E_INSUFFICIENT_BUFFER)
            continue;
        if (result == SCARD_E_NO_READERS_AVAILABLE)
            return SCARD_S_SUCCESS;
        if (result != SCARD_S_SUCCESS)
            return result;
        multi_string.resize(size);
        // "name\0name\0\0"
        for (std::size_t start = 0; start < multi_string.size();) {
            const std::size_t end = multi_string.find('\0', start);
            if (end == start || end == std::string::npos)
                break;
            readers.push_back(multi_string.substr(start, end - start));
            start = end + 1;
        }
        return SCARD_S_SUCCESS;
    }
    return SCARD_E_INSUFFICIENT_BUFFER;
}

LONG PcscContext::cancel() const noexcept
{
    return established_ ? SCardCancel(context_) : SCARD_E_INVALID_HANDLE;
}

} // namespace ktpel::smartcard::pcsc
