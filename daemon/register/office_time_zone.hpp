// SPDX-License-Identifier: Apache-2.0
// The office's time zone: one of Indonesia's three, chosen in the station's
// configuration (office.time_zone). Every local day or time the daemon
// forms (application ids, the daily report, register dates, the receipt's
// times, the card's activation date) is on this clock.
//
// Fixed offsets rather than the tz database: none of the three zones has
// daylight saving time, none has changed its offset since 1988 (WIB since
// 1964), and a register whose days depend on the host's TZ setting or
// tzdata package (servers often run in UTC) would change with the machine
// it runs on. GCC 12 has no std::chrono::tzdb either.
//
// Header only and free of the rest of the register, so the receipt and the
// configuration can hold one without linking the register.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace ktpel::reg {

class OfficeTimeZone
{
public:
    // Waktu Indonesia Barat: Sumatra, Java, West and Central Kalimantan.
    static constexpr OfficeTimeZone wib() { return {"WIB", 7}; }
    // Waktu Indonesia Tengah: Bali, Nusa Tenggara, Sulawesi, East, North and South Kalimantan.
    static constexpr OfficeTimeZone wita() { return {"WITA", 8}; }
    // Waktu Indonesia Timur: Maluku and Papua.
    static constexpr OfficeTimeZone wit() { return {"WIT", 9}; }

    static constexpr std::array<OfficeTimeZone, 3> all() { return {wib(), wita(), wit()}; }

    // The zone with exactly this name ("WIB", "WITA", "WIT"); nullopt for
    // anything else, offsets like "UTC+7" included: an office names its
    // zone, and a typo must not become some other clock.
    static constexpr std::optional<OfficeTimeZone> named(std::string_view name)
    {
        for (const auto zone : all())
            if (zone.name() == name)
                return zone;
        return std::nullopt;
    }

    // "WIB, WITA, WIT", for messages that list the choices.
    static std::string known_names()
    {
        std::string names;
        for (const auto zone : all())
            names += (names.empty() ? "" : ", ") + std::string(zone.name());
        return names;
    }

    constexpr std::string_view name() const noexcept { return name_; }
    constexpr std::chrono::hours utc_offset() const noexcept
    {
        return std::chrono::hours{offset_hours_};
    }
    constexpr std::int64_t utc_offset_ms() const noexcept
    {
        return std::chrono::duration_cast<std::chrono::milliseconds>(utc_offset()).count();
    }
    // The office's wall clock at `utc_ms` (UTC epoch milliseconds), as
    // milliseconds since the epoch of that wall clock.
    constexpr std::int64_t local_ms(std::int64_t utc_ms) const noexcept
    {
        return utc_ms + utc_offset_ms();
    }

    constexpr bool operator==(const OfficeTimeZone&) const = default;

private:
    constexpr OfficeTimeZone(std::string_view name, int offset_hours)
        : name_(name), offset_hours_(offset_hours)
    {
    }

    std::string_view name_; // always one of the literals above
    int offset_hours_;
};

} // namespace ktpel::reg
