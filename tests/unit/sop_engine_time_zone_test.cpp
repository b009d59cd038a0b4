// SPDX-License-Identifier: Apache-2.0
// The engine counts an applicant's age on the office's day, in the office's
// time zone: at 16:30 UTC a WIT office is already on the next day, a WIB
// office is not. (In a file of its own so the engine's main tests stay
// untouched by the time zone.)
#include <gtest/gtest.h>

#include "daemon/api/domain_error_mapping.hpp"
#include "daemon/sop/engine.hpp"

namespace ktpel::sop {
namespace {

using namespace std::chrono_literals;

class FixedClock final : public Clock
{
public:
    explicit FixedClock(time_point at) : at_(at) {}
    time_point now() const override { return at_; }

private:
    time_point at_;
};

// One step, recorded by the counter officer who opens the application.
Sop one_step_sop()
{
    Sop sop;
    sop.id = "one";
    sop.roles = {{"petugas_loket", "Petugas Loket", "Counter officer"}};
    Step submit{};
    submit.id = "submit";
    submit.number = 1;
    submit.title_en = "Counter receives the documents";
    submit.actor = "petugas_loket";
    submit.standard_time = 1min;
    sop.steps = {submit};
    return sop;
}

TEST(EngineTimeZone, TheApplicantsAgeIsCountedOnTheOfficesDay)
{
    // 2026-11-24 16:30 UTC: 23:30 WIB on the 24th, 01:30 WIT on the 25th,
    // the seventeenth birthday of a man born 2009-11-25 in Kab. Lumajang.
    const FixedClock evening(std::chrono::sys_days{std::chrono::year{2026} / 11 / 24} + 16h +
                             30min);
    const Sop sop = one_step_sop();
    const Actor counter{"siti", {"petugas_loket"}};
    const OpenRequest turning_seventeen{"3508012511090001", "3508010101150003"};

    const Engine wib(sop, evening);
    try {
        wib.open(turning_seventeen, counter);
        ADD_FAILURE() << "a WIB office opened for a 16-year-old at 23:30 WIB";
    } catch (const daemon::DomainError& domain) {
        const auto error = ProtocolError(daemon::to_protocol_error(domain));
        EXPECT_EQ(error.code(), ErrorCode::invalid_args);
    }
    const Engine wit(sop, evening, 1, reg::OfficeTimeZone::wit());
    EXPECT_EQ(wit.open(turning_seventeen, counter).nik, "3508012511090001");
}

} // namespace
} // namespace ktpel::sop
