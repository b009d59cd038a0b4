// SPDX-License-Identifier: Apache-2.0
#include "finger_comparison.hpp"

#include <stdexcept>

#include "biometrics/fingerprint/iso19794_2_codec.hpp"
#include "biometrics/matcher/matcher.hpp"

namespace ktpel::daemon {
namespace {

biometrics::matcher::MatchTemplate template_of(std::span<const std::uint8_t> record_bytes,
                                               const biometrics::matcher::Matcher& matcher)
{
    namespace fp = biometrics::fingerprint;
    fp::FingerMinutiaeRecord record;
    try {
        record = fp::decode_iso19794_2(record_bytes);
    } catch (const std::exception& error) {
        throw std::invalid_argument(std::string("not an ISO/IEC 19794-2 record: ") + error.what());
    }
    if (record.views.empty())
        throw std::invalid_argument("the ISO/IEC 19794-2 record holds no finger view");
    return matcher.prepare(record.views.front(), biometrics::matcher::geometry_of(record));
}

} // namespace

double compare_finger_records(std::span<const std::uint8_t> probe,
                              std::span<const std::uint8_t> candidate)
{
    static const biometrics::matcher::Matcher matcher;
    return matcher.compare(template_of(probe, matcher), template_of(candidate, matcher));
}

} // namespace ktpel::daemon
