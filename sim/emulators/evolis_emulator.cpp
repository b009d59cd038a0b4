// SPDX-License-Identifier: Apache-2.0
#include "evolis_emulator.hpp"

#include <algorithm>
#include <charconv>

#include "evolis_device_panels.hpp"
#include "evolis_device_replies.hpp"

namespace ktpel::sim {
namespace {

// The printer's command words (docs/drivers/evolis.md, "Commands").
constexpr std::string_view kReadModel = "Rtp";
constexpr std::string_view kReadSerial = "Rsn";
constexpr std::string_view kReadFirmware = "Rfv";
constexpr std::string_view kReadStatus = "Rst";
constexpr std::string_view kReadRibbon = "Rlr";
constexpr std::string_view kErrorManagement = "Pem";
constexpr std::string_view kSelectSide = "Psi";
constexpr std::string_view kFeed = "Ss";
constexpr std::string_view kPrint = "Sp";
constexpr std::string_view kToContactStation = "Sic";
constexpr std::string_view kToContactlessStation = "Scl";
constexpr std::string_view kEject = "Se";
constexpr std::string_view kReject = "Ser";
constexpr std::string_view kRawPanel = "Db";
constexpr std::string_view kCompressedPanel = "Dbc";
// Panel letters, in the order the ribbon holds them.
constexpr std::string_view kRibbonPanels = "ymcko";

constexpr char kEsc = '\x1b';
constexpr std::size_t kMaxTextCommand = 4096;
constexpr std::size_t kMaxPayload = 4u << 20;
constexpr int kPanelsPerSide = 5;
constexpr int kRibbonLowFault = 10; // panels left after the ribbon_low fault: two sides

std::optional<std::size_t> number(std::string_view text)
{
    std::size_t value = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec != std::errc{} || end != text.data() + text.size() || text.empty())
        return std::nullopt;
    return value;
}

// Splits off the first `;`-separated field; the rest may be binary.
std::string_view field(std::string_view& rest)
{
    const auto semi = rest.find(';');
    const auto head = rest.substr(0, semi);
    rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
    return head;
}

std::uint8_t levels_of(char letter)
{
    return letter == 'k' || letter == 'o' ? 2 : 32;
}

} // namespace

EvolisEmulator::EvolisEmulator(EvolisEmulatorSettings settings)
    : settings_(std::move(settings)), ribbon_panels_(settings_.ribbon_panels),
      cards_in_hopper_(settings_.cards_in_hopper), side_print_time_(settings_.side_print_time),
      feed_time_(settings_.feed_time)
{
}

usb::DeviceDescription EvolisEmulator::description() const
{
    usb::DeviceDescription description;
    description.vendor_id = 0xf1f0;
    description.product_id = 0x0022;
    description.manufacturer = "Evolis (emulated)";
    description.product = settings_.model;
    description.serial = settings_.serial;
    return description;
}

std::vector<std::string> EvolisEmulator::faults() const
{
    return {"unplug",     "replug",     "cover_open",   "jam",
            "ribbon_out", "ribbon_low", "feeder_empty", "mechanical_error",
            "hang",       "print_time", "feed_time",    "clear"};
}

void EvolisEmulator::inject(const std::string& fault, const nlohmann::json& args)
{
    std::lock_guard lock(mutex_);
    if (fault == "print_time" || fault == "feed_time") {
        const auto ms = args.find("ms");
        if (ms == args.end() || !ms->is_number_unsigned() || ms->get<std::uint64_t>() > 60000)
            throw UnknownFault(fault + " needs \"ms\": 0 to 60000");
        (fault == "print_time" ? side_print_time_ : feed_time_) =
            std::chrono::milliseconds{ms->get<std::uint64_t>()};
    } else if (fault == "cover_open")
        cover_open_ = true;
    else if (fault == "jam")
        jam_next_print_ = true;
    else if (fault == "ribbon_out")
        ribbon_panels_ = 0;
    else if (fault == "ribbon_low")
        ribbon_panels_ = std::min(ribbon_panels_, kRibbonLowFault);
    else if (fault == "feeder_empty")
        cards_in_hopper_ = 0;
    else if (fault == "mechanical_error")
        mechanical_error_ = true;
    else if (fault == "hang")
        hung_ = true;
    else if (fault == "clear") {
        // The technician's visit: cover shut, jammed card pulled out,
        // hopper and ribbon replaced.
        cover_open_ = jam_next_print_ = jammed_ = mechanical_error_ = hung_ = false;
        ribbon_panels_ = settings_.ribbon_panels;
        cards_in_hopper_ = settings_.cards_in_hopper;
        feed_time_ = settings_.feed_time;
        card_.reset();
        move_card(false);
        side_ = 0;
        downloaded_ = {};
        pending_.clear();
        payload_left_ = 0;
        payload_done_ = false;
    } else
        throw UnknownFault("unknown fault \"" + fault + "\"");
}

void EvolisEmulator::set_encoder_observer(EncoderObserver observer)
{
    std::lock_guard lock(mutex_);
    encoder_observer_ = std::move(observer);
}

void EvolisEmulator::move_card(bool to_encoder)
{
    const std::optional<std::uint64_t> now =
        to_encoder && card_ ? std::optional(card_->number) : std::nullopt;
    if (now == card_at_encoder_)
        return;
    card_at_encoder_ = now;
    if (encoder_observer_)
        encoder_observer_(now);
}

void EvolisEmulator::on_power_cycle()
{
    std::lock_guard lock(mutex_);
    pending_.clear();
    payload_left_ = 0;
    payload_done_ = false;
    hung_ = false;
    software_errors_ = false;
}

PrintedCard EvolisEmulator::last_card() const
{
    std::lock_guard lock(mutex_);
    return last_card_;
}

EvolisCounters EvolisEmulator::counters() const
{
    std::lock_guard lock(mutex_);
    auto counters = counters_;
    counters.cards_in_hopper = cards_in_hopper_;
    counters.ribbon_panels_left = ribbon_panels_;
    return counters;
}

std::vector<std::uint8_t> EvolisEmulator::composite_rgb(const drivers::CardSide& side)
{
    const std::size_t dots = side.yellow.dots.size();
    std::vector<std::uint8_t> rgb(dots * 3, 255);
    const auto ink = [](std::uint8_t level) {
        return static_cast<int>(level) * 255 / 31;
    };
    for (std::size_t i = 0; i < dots; ++i) {
        if (side.black.dots.at(i)) {
            rgb[i * 3] = rgb[i * 3 + 1] = rgb[i * 3 + 2] = 0;
            continue;
        }
        // Subtractive: cyan takes red away, magenta green, yellow blue.
        rgb[i * 3] = static_cast<std::uint8_t>(255 - ink(side.cyan.dots.at(i)));
        rgb[i * 3 + 1] = static_cast<std::uint8_t>(255 - ink(side.magenta.dots.at(i)));
        rgb[i * 3 + 2] = static_cast<std::uint8_t>(255 - ink(side.yellow.dots.at(i)));
    }
    return rgb;
}

std::string EvolisEmulator::error(std::string_view word)
{
    ++counters_.error_replies;
    return evolis_replies::refusal(word);
}

std::string EvolisEmulator::condition() const
{
    // Most urgent first, as a printer's status LED would show it.
    if (cover_open_)
        return "COVER_OPEN";
    if (jammed_)
        return "CARD_JAM";
    if (mechanical_error_)
        return "MECHANICAL_ERROR";
    if (ribbon_panels_ == 0)
        return "RIBBON_ENDED";
    if (card_)
        return "PRINTING";
    if (cards_in_hopper_ == 0)
        return "FEEDER_EMPTY";
    if (ribbon_panels_ < settings_.ribbon_low_below)
        return "RIBBON_LOW";
    return "READY";
}

std::string EvolisEmulator::fault_reply() const
{
    if (cover_open_)
        return evolis_replies::refusal("COVER_OPEN");
    if (jammed_)
        return evolis_replies::refusal("CARD_JAM");
    if (mechanical_error_)
        return evolis_replies::refusal("MECHANICAL");
    return {};
}

std::string EvolisEmulator::feed()
{
    if (auto refused = fault_reply(); !refused.empty()) {
        ++counters_.error_replies;
        return refused;
    }
    if (cards_in_hopper_ == 0)
        return error("FEEDER_EMPTY");
    --cards_in_hopper_;
    card_.emplace();
    card_->number = ++cards_fed_;
    side_ = 0;
    downloaded_ = {};
    return std::string(evolis_replies::kDone);
}

std::string EvolisEmulator::card_moved(std::string reply)
{
    // The card travels before the printer says it arrived; a refusal
    // moves nothing and is answered at once.
    if (reply == evolis_replies::kDone)
        reply_delay_ = feed_time_;
    return reply;
}

std::string EvolisEmulator::download(std::string_view name, std::string_view params)
{
    const auto letter_field = field(params);
    const auto levels_field = field(params);
    if (letter_field.size() != 1 || kRibbonPanels.find(letter_field[0]) == std::string_view::npos)
        return error("PARAM");
    const char letter = letter_field[0];
    const auto levels = number(levels_field);
    if (!levels || *levels != levels_of(letter))
        return error("PARAM");
    std::string_view data = params;
    if (name == kCompressedPanel) {
        const auto length = number(field(data));
        if (!length || *length != data.size())
            return error("DATA");
    }
    if (!card_ || !side_)
        return error("SEQUENCE");
    try {
        const auto lv = static_cast<std::uint8_t>(*levels);
        downloaded_[kRibbonPanels.find(letter)] = name == kCompressedPanel
                                                      ? evolis_panels::read_compressed(data, lv)
                                                      : evolis_panels::read_raw(data, lv);
    } catch (const evolis_panels::BadPanelData&) {
        return error("DATA");
    }
    ++(name == kCompressedPanel ? counters_.compressed_downloads : counters_.raw_downloads);
    return std::string(evolis_replies::kDone);
}

std::string EvolisEmulator::print_side()
{
    if (!card_ || !side_ ||
        std::any_of(downloaded_.begin(), downloaded_.end(), [](const auto& p) { return !p; }))
        return error("SEQUENCE");
    if (auto refused = fault_reply(); !refused.empty()) {
        ++counters_.error_replies;
        return refused;
    }
    if (ribbon_panels_ < kPanelsPerSide) {
        ribbon_panels_ = 0; // it ran out under the head
        return error("RIBBON_ENDED");
    }
    ribbon_panels_ -= kPanelsPerSide;
    if (jam_next_print_) {
        // The card stops half printed; only the technician's "clear" ends
        // the jam, though the mechanism can still push the card out to the
        // reject box (Ser).
        jam_next_print_ = false;
        jammed_ = true;
        return error("CARD_JAM");
    }
    // The panels were laid out as they land on the card when they came in.
    drivers::CardSide printed{std::move(*downloaded_[0]), std::move(*downloaded_[1]),
                              std::move(*downloaded_[2]), std::move(*downloaded_[3]),
                              std::move(*downloaded_[4])};
    if (!card_->printed) {
        card_->printed = true;
        ++counters_.cards_printed;
        last_card_ = {};
    }
    (side_ == 'f' ? last_card_.front : last_card_.back) = std::move(printed);
    side_ = 0;
    reply_delay_ = side_print_time_;
    downloaded_ = {};
    return std::string(evolis_replies::kDone);
}

std::string EvolisEmulator::execute(std::string_view command)
{
    std::string_view params = command;
    const auto name = field(params);
    const bool bare = command.size() == name.size();

    if (name == kRawPanel || name == kCompressedPanel)
        return download(name, params);
    if (name == kReadModel || name == kReadSerial || name == kReadFirmware || name == kReadStatus ||
        name == kReadRibbon) {
        if (!bare)
            return error("PARAM");
        if (name == kReadModel)
            return settings_.model;
        if (name == kReadSerial)
            return settings_.serial;
        if (name == kReadFirmware)
            return settings_.firmware;
        if (name == kReadRibbon)
            return std::to_string(ribbon_panels_);
        return evolis_replies::status(condition(), ribbon_panels_, cards_in_hopper_);
    }
    if (name == kErrorManagement) {
        if (params != "0" && params != "2")
            return error("PARAM");
        software_errors_ = params == "2";
        return std::string(evolis_replies::kDone);
    }
    if (name == kSelectSide) {
        if (params != "f" && params != "b")
            return error("PARAM");
        if (!card_)
            return error("SEQUENCE");
        side_ = params[0];
        downloaded_ = {};
        return std::string(evolis_replies::kDone);
    }
    if (!bare)
        return name == kFeed || name == kPrint || name == kToContactStation ||
                       name == kToContactlessStation || name == kEject || name == kReject
                   ? error("PARAM")
                   : error("UNKNOWN_COMMAND");
    if (name == kFeed)
        return card_ ? error("SEQUENCE") : card_moved(feed());
    if (name == kPrint) {
        auto reply = print_side();
        move_card(false); // under the head, away from the coupler
        return reply;
    }
    if (name == kToContactStation || name == kToContactlessStation) {
        if (!card_) {
            auto reply = feed(); // encode-only: a blank card straight to the station
            move_card(card_.has_value());
            return card_moved(std::move(reply));
        }
        if (auto refused = fault_reply(); !refused.empty()) {
            ++counters_.error_replies;
            return refused;
        }
        move_card(true);
        return card_moved(std::string(evolis_replies::kDone));
    }
    if (name == kEject) {
        if (!card_)
            return error("SEQUENCE");
        if (auto refused = fault_reply(); !refused.empty()) {
            ++counters_.error_replies;
            return refused;
        }
        card_.reset();
        move_card(false);
        ++counters_.cards_ejected;
        return std::string(evolis_replies::kDone);
    }
    if (name == kReject) {
        if (!card_)
            return error("SEQUENCE");
        if (cover_open_)
            return error("COVER_OPEN");
        card_.reset();
        move_card(false);
        ++counters_.cards_rejected;
        return std::string(evolis_replies::kDone);
    }
    return error("UNKNOWN_COMMAND");
}

void EvolisEmulator::start_binary_payload()
{
    // Called at each ';' of a text prefix: once a download's header is
    // complete, what follows is binary and may hold CR bytes, so its
    // length must come from the header, never from scanning for CR.
    const auto semicolons = std::count(pending_.begin(), pending_.end(), ';');
    std::string_view rest = std::string_view(pending_).substr(1);
    const auto name = field(rest);
    if (name == kRawPanel && semicolons == 3) {
        const auto letter = field(rest);
        const auto levels = number(field(rest));
        if (letter.size() == 1 && kRibbonPanels.find(letter[0]) != std::string_view::npos &&
            levels && *levels == levels_of(letter[0]))
            payload_left_ = evolis_panels::raw_payload_size(static_cast<std::uint8_t>(*levels));
    } else if (name == kCompressedPanel && semicolons == 4) {
        field(rest);
        field(rest);
        const auto length = number(field(rest));
        if (length && *length <= kMaxPayload) {
            payload_left_ = *length;
            payload_done_ = *length == 0;
        }
    }
}

void EvolisEmulator::take_byte(std::uint8_t byte, std::vector<std::string>& replies)
{
    const auto complete = [&] {
        std::string command;
        command.swap(pending_);
        if (hung_)
            return; // a hung printer takes bytes and never answers
        if (command.empty() || command.front() != kEsc) {
            replies.push_back(error("SYNTAX"));
            return;
        }
        replies.push_back(execute(std::string_view(command).substr(1)));
    };
    if (payload_left_ > 0) {
        pending_.push_back(static_cast<char>(byte));
        if (--payload_left_ == 0)
            payload_done_ = true;
        return;
    }
    if (payload_done_) {
        payload_done_ = false;
        if (byte == '\r') {
            complete();
            return;
        }
        // Payload longer than its header said: refuse, and resynchronise
        // on the next ESC.
        pending_.clear();
        if (!hung_)
            replies.push_back(error("SYNTAX"));
        if (byte == kEsc)
            pending_.push_back(static_cast<char>(byte));
        return;
    }
    if (byte == '\r') {
        complete();
        return;
    }
    pending_.push_back(static_cast<char>(byte));
    if (byte == ';')
        start_binary_payload();
    if (pending_.size() > kMaxTextCommand) { // garbage without a CR: drop it as a printer would
        pending_.clear();
        if (!hung_)
            replies.push_back(error("TOO_LONG"));
    }
}

void EvolisEmulator::receive(std::uint8_t /*endpoint*/, std::span<const std::uint8_t> data)
{
    // A host that speaks while a side is printing or a card is moving has
    // given up on it (a cancelled job's rescue): that answer is never
    // sent, so it cannot be mistaken for the answer to what the host says
    // now. The card stays where the move was taking it.
    delayed_reply_ = {};
    std::vector<std::string> replies;
    std::chrono::milliseconds delay{0};
    {
        std::lock_guard lock(mutex_);
        for (const auto byte : data)
            take_byte(byte, replies);
        delay = std::exchange(reply_delay_, std::chrono::milliseconds{0});
    }
    const auto send = [this](std::vector<std::string> texts) {
        for (auto& reply : texts) {
            reply.push_back('\r');
            queue_packet({reply.begin(), reply.end()});
        }
    };
    if (delay.count() == 0)
        return send(std::move(replies));
    // The side is under the head or the card on its way: the host hears
    // back when it is done, and meanwhile may do what a host does (give up
    // waiting, cancel).
    delayed_reply_ =
        std::jthread([send, delay, replies = std::move(replies)](std::stop_token stop) mutable {
            std::mutex mutex;
            std::condition_variable_any done;
            std::unique_lock lock(mutex);
            if (!done.wait_for(lock, stop, delay, [] { return false; }) && !stop.stop_requested())
                send(std::move(replies));
        });
}

} // namespace ktpel::sim
