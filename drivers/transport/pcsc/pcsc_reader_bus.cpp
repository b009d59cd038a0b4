// SPDX-License-Identifier: Apache-2.0
#include "pcsc_reader_bus.hpp"

#include <algorithm>

#include "pcsc_error.hpp"

namespace ktpel::smartcard::pcsc {

PcscReaderBus::PcscReaderBus(PcscReaderOptions options) : options_(options) {}

std::vector<std::string> PcscReaderBus::readers()
{
    std::lock_guard lock(mutex_);
    for (int attempt = 0;; ++attempt) {
        if (!context_) {
            LONG result = SCARD_S_SUCCESS;
            context_ = PcscContext::try_establish(result);
            if (result == SCARD_E_NO_SERVICE)
                return {};
            if (result != SCARD_S_SUCCESS)
                throw_error(result, "cannot reach pcscd (SCardEstablishContext)");
        }
        std::vector<std::string> names;
        const LONG result = context_.try_list_readers(names);
        if (result == SCARD_S_SUCCESS)
            return names;
        if (attempt > 0 || !is_service_lost(result))
            throw_error(result, "cannot list the readers (SCardListReaders)");
        context_.reset(); // pcscd restarted or stopped: try a new context once
    }
}

std::unique_ptr<Reader> PcscReaderBus::open(const std::string& name)
{
    return open_reader(name, options_);
}

std::unique_ptr<PcscReader> PcscReaderBus::open_reader(const std::string& name,
                                                       PcscReaderOptions options)
{
    const auto names = readers();
    if (std::find(names.begin(), names.end(), name) == names.end())
        throw PcscError(SCARD_E_UNKNOWN_READER, "pcscd has no reader named \"" + name + "\"");
    return std::make_unique<PcscReader>(name, options);
}

} // namespace ktpel::smartcard::pcsc
