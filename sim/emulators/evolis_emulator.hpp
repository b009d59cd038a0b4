// SPDX-License-Identifier: Apache-2.0
// An emulated Evolis-compatible card printer: parses and validates the
// escape commands of docs/drivers/evolis.md on its bulk OUT endpoint,
// answers on bulk IN, keeps hopper, ribbon and reject-box counters, and
// keeps what it printed so tests can look at the card.
#pragma once

#include <array>
#include <chrono>
#include <functional>
#include <optional>
#include <thread>

#include "drivers/classes/card_panels.hpp"
#include "usb_device_emulator.hpp"

namespace ktpel::sim {

struct EvolisEmulatorSettings
{
    std::string model = "Evolis Primacy 2 (emulated)";
    std::string serial = "SIM-PR-0001";
    std::string firmware = "1.2.0";
    int ribbon_panels = 250;
    int cards_in_hopper = 100;
    int ribbon_low_below = 25; // panels left under which the status says RIBBON_LOW
    // How long one side takes under the print head. A real printer needs
    // seconds; tests default to none.
    std::chrono::milliseconds side_print_time{0};
    // How long feeding a blank (Ss) or moving the card to a station (Sic,
    // Scl) takes before the printer answers.
    std::chrono::milliseconds feed_time{0};
};

// The last card that went under the print head, decoded back to card
// orientation (1016x648), as the daemon composed it.
struct PrintedCard
{
    std::optional<drivers::CardSide> front;
    std::optional<drivers::CardSide> back;
};

struct EvolisCounters
{
    int cards_printed = 0; // cards that had at least one side printed
    int cards_ejected = 0;
    int cards_rejected = 0; // now in the reject box
    int cards_in_hopper = 0;
    int ribbon_panels_left = 0;
    int raw_downloads = 0;
    int compressed_downloads = 0;
    int error_replies = 0;
};

class EvolisEmulator final : public UsbDeviceEmulator
{
public:
    explicit EvolisEmulator(EvolisEmulatorSettings settings);

    usb::DeviceDescription description() const override;
    void receive(std::uint8_t endpoint, std::span<const std::uint8_t> data) override;
    // cover_open, jam (the next print jams), ribbon_out, ribbon_low,
    // feeder_empty, mechanical_error, hang, print_time {"ms": N} (each side
    // takes N ms to print), feed_time {"ms": N} (each feed or station move
    // takes N ms), clear (refills hopper and ribbon, feed_time back to the
    // settings').
    void inject(const std::string& fault, const nlohmann::json& args) override;
    std::vector<std::string> faults() const override;

    PrintedCard last_card() const;

    // Told whenever a card arrives at the encoding station (its number:
    // the n-th blank fed since start) or leaves it (nullopt), so that a
    // simulated station can put a chip in the encoder's reader while the
    // card is there. Called on the emulator's thread with its lock held:
    // the observer must not call back into the emulator.
    using EncoderObserver = std::function<void(std::optional<std::uint64_t> card_number)>;
    void set_encoder_observer(EncoderObserver observer);
    EvolisCounters counters() const;
    // The printed side as the eye would see it: RGB, 3 bytes a dot,
    // row-major, 1016x648; white where nothing was printed.
    static std::vector<std::uint8_t> composite_rgb(const drivers::CardSide& side);

protected:
    void on_power_cycle() override;

private:
    struct Card
    {
        std::optional<drivers::CardSide> front;
        std::optional<drivers::CardSide> back;
        bool printed = false;
        std::uint64_t number = 0;
    };

    void take_byte(std::uint8_t byte, std::vector<std::string>& replies);
    void start_binary_payload();
    std::string execute(std::string_view command);
    std::string download(std::string_view name, std::string_view params);
    std::string print_side();
    std::string feed();
    std::string card_moved(std::string reply);
    std::string fault_reply() const;
    std::string condition() const;
    std::string error(std::string_view word);
    void finish_card();
    void move_card(bool to_encoder);

    const EvolisEmulatorSettings settings_;
    mutable std::mutex mutex_;

    // Parser state: bytes of the command being received; while a panel's
    // payload is in flight, how many bytes of it are still to come.
    std::string pending_;
    std::size_t payload_left_ = 0;
    bool payload_done_ = false;

    // Printer state.
    bool cover_open_ = false;
    bool jam_next_print_ = false;
    bool jammed_ = false;
    bool mechanical_error_ = false;
    bool hung_ = false;
    int ribbon_panels_;
    int cards_in_hopper_;
    bool software_errors_ = false;

    // The card in the printer, between Ss (or Sic) and Se / Ser.
    std::optional<Card> card_;
    std::uint64_t cards_fed_ = 0;
    std::optional<std::uint64_t> card_at_encoder_;
    EncoderObserver encoder_observer_;
    char side_ = 0; // 'f' or 'b' once Psi chose one
    std::array<std::optional<drivers::Panel>, 5> downloaded_;
    PrintedCard last_card_;
    EvolisCounters counters_;
    std::chrono::milliseconds side_print_time_;
    std::chrono::milliseconds feed_time_;
    // Set by a side that went under the head or a card that moved: the
    // reply waits this long.
    std::chrono::milliseconds reply_delay_{0};

    // Sends a printed side's or a moved card's reply once the mechanism is
    // done. Last member: it stops and joins before anything it uses goes
    // away.
    std::jthread delayed_reply_;
};

} // namespace ktpel::sim
