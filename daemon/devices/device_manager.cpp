// SPDX-License-Identifier: Apache-2.0
#include "device_manager.hpp"

#include <algorithm>

#include <boost/asio/post.hpp>

#include "common/hex_bytes.hpp"
#include "devices_log.hpp"
#include "reader_by_name.hpp"

namespace ktpel::daemon {
namespace {

using drivers::DeviceFailure;

// What a driver's failure means to the station: the device's kind of
// failure becomes the domain's (the protocol code is daemon/api's concern).
DomainError error_from_failure(const DeviceFailure& failure, const std::string& device_id)
{
    nlohmann::json details = {{"device", device_id}, {"reason", failure.reason()}};
    switch (failure.kind()) {
    case DeviceFailure::Kind::disconnected:
        return DomainError(Fault::device_absent, device_id + " was unplugged: " + failure.what(),
                           details);
    case DeviceFailure::Kind::timeout:
        return DomainError(Fault::timeout, failure.what(), details);
    case DeviceFailure::Kind::no_subject:
        return DomainError(Fault::no_subject, failure.what(), details);
    case DeviceFailure::Kind::cancelled:
        return DomainError(Fault::cancelled, "the operation was cancelled", details);
    case DeviceFailure::Kind::invalid:
        return DomainError(Fault::invalid_input, failure.what(), details);
    case DeviceFailure::Kind::card:
        return DomainError(Fault::card_error, failure.what(), details);
    case DeviceFailure::Kind::hardware:
    case DeviceFailure::Kind::protocol:
        break;
    }
    return DomainError(Fault::device_error, device_id + ": " + failure.what(), details);
}

} // namespace

struct DeviceManager::Slot
{
    config::DeviceConfig config;
    const drivers::DriverDescriptor* driver = nullptr;
    DeviceState state = DeviceState::absent;
    std::string reason = "not connected";
    std::string location;
    bool simulated = false;
    drivers::DeviceIdentity identity;
    nlohmann::json capabilities = nlohmann::json::object();
    std::shared_ptr<drivers::Device> device; // shared with the task running on it
    std::unique_ptr<DeviceWorker> worker;
    std::optional<std::string> claimant;
    std::optional<std::stop_source> active;
    std::uint64_t generation = 0; // bumps on every bind/unbind; stale completions check it
};

DeviceManager::DeviceManager(boost::asio::io_context& io, EventSink& events, usb::Bus& usb,
                             smartcard::ReaderBus* readers,
                             std::vector<config::DeviceConfig> devices)
    : io_(io), events_(events), usb_(usb), readers_(readers)
{
    for (auto& config : devices) {
        auto slot = std::make_unique<Slot>();
        slot->driver = drivers::DriverRegistry::instance().find(config.driver);
        slot->config = std::move(config);
        slot->worker = std::make_unique<DeviceWorker>(slot->config.id);
        slots_.push_back(std::move(slot));
    }
}

DeviceManager::~DeviceManager()
{
    cancel_all();
    // Workers join in their destructors, after their running task returns.
    for (auto& slot : slots_)
        slot->worker.reset();
}

void DeviceManager::start()
{
    usb_.set_hotplug_handler(
        [this](usb::HotplugEvent event, const usb::DeviceDescription& description) {
            on_usb_hotplug(event, description);
        });
    for (const auto& description : usb_.enumerate())
        on_usb_hotplug(usb::HotplugEvent::arrived, description);
    if (readers_) {
        for (const auto& name : readers_->readers())
            reader_changed(name, true);
    }
    for (const auto& slot : slots_) {
        if (slot->state == DeviceState::absent)
            log_devices().notice("device " + slot->config.id + " (" + slot->config.driver +
                                 ") is not connected");
    }
}

void DeviceManager::on_usb_hotplug(usb::HotplugEvent event,
                                   const usb::DeviceDescription& description)
{
    const auto id = hex16(description.vendor_id) + ":" + hex16(description.product_id);
    if (event == usb::HotplugEvent::left) {
        for (auto& slot : slots_) {
            if (slot->location == description.location && slot->state != DeviceState::absent) {
                log_devices().notice("device " + slot->config.id + " unplugged from " +
                                     description.location);
                mark_absent(*slot, "unplugged");
            }
        }
        return;
    }
    for (auto& slot : slots_) {
        const auto& match = slot->config.match;
        if (slot->state != DeviceState::absent || !match.vendor_id)
            continue;
        if (*match.vendor_id != description.vendor_id ||
            *match.product_id != description.product_id)
            continue;
        if (!match.serial.empty() && match.serial != description.serial)
            continue;
        bind_usb(*slot, description);
        return;
    }
    log_devices().debug("USB device " + id + " at " + description.location +
                        " matches no configured device");
}

void DeviceManager::bind_usb(Slot& slot, const usb::DeviceDescription& description)
{
    drivers::DriverBinding binding;
    try {
        binding.usb = usb_.open(description.location);
    } catch (const usb::TransferError& error) {
        log_devices().warning("device " + slot.config.id + ": cannot open " + description.location +
                              ": " + error.what());
        set_state(slot, DeviceState::error, "open_failed");
        return;
    }
    binding.options = slot.config.options;
    slot.location = description.location;
    slot.simulated = usb_.emulated();
    start_probe(slot, slot.driver->create(std::move(binding)));
}

void DeviceManager::reader_changed(const std::string& reader_name, bool present)
{
    for (auto& slot : slots_) {
        const auto& prefix = slot->config.match.reader_prefix;
        if (prefix.empty() || reader_name.rfind(prefix, 0) != 0)
            continue;
        if (!present && slot->location == reader_name && slot->state != DeviceState::absent) {
            mark_absent(*slot, "unplugged");
            return;
        }
        if (present && slot->state == DeviceState::absent) {
            bind_reader(*slot, reader_name);
            return;
        }
    }
}

void DeviceManager::bind_reader(Slot& slot, const std::string& reader_name)
{
    drivers::DriverBinding binding;
    try {
        binding.reader = readers_->open(reader_name);
    } catch (const smartcard::ReaderError& error) {
        log_devices().warning("device " + slot.config.id + ": cannot open reader: " + error.what());
        return;
    }
    // The encoder's SAM sits in a second reader. Without it the card can
    // still be detected, so a missing SAM reader is the driver's to report
    // when chip work needs it, not a reason to leave the device unbound.
    // It is looked up by name at each connection, so a SAM reader that
    // appears after this one (or goes and comes back) is found then.
    const auto sam_reader = slot.config.options.value("sam_reader", std::string{});
    if (!sam_reader.empty()) {
        std::vector<std::string> present;
        try {
            present = readers_->readers();
        } catch (const smartcard::ReaderError&) {
            // Only the warning below depends on it.
        }
        if (std::find(present.begin(), present.end(), sam_reader) == present.end())
            log_devices().warning("device " + slot.config.id + ": its SAM reader \"" + sam_reader +
                                  "\" is not connected (yet); chip work fails with sam_unavailable "
                                  "until it is");
        binding.sam_reader = std::make_unique<ReaderByName>(*readers_, sam_reader);
    }
    binding.options = slot.config.options;
    slot.location = reader_name;
    slot.simulated = readers_->emulated();
    start_probe(slot, slot.driver->create(std::move(binding)));
}

void DeviceManager::start_probe(Slot& slot, std::unique_ptr<drivers::Device> device)
{
    slot.device = std::move(device);
    const auto generation = ++slot.generation;
    set_state(slot, DeviceState::busy, "probing");
    slot.worker->post([this, &slot, generation, device = slot.device] {
        drivers::OperationContext context({}, std::chrono::steady_clock::now() +
                                                  std::chrono::seconds(5));
        std::optional<drivers::DeviceIdentity> identity;
        std::string failure;
        try {
            identity = device->probe(context);
        } catch (const DeviceFailure& e) {
            failure = e.reason() + ": " + e.what();
        }
        boost::asio::post(io_, [this, &slot, generation, identity, failure, device] {
            if (slot.generation != generation)
                return; // unplugged (and maybe replugged) while probing
            if (!identity) {
                log_devices().warning("device " + slot.config.id + " failed its probe: " + failure);
                set_state(slot, DeviceState::error, "probe_failed");
                return;
            }
            slot.identity = *identity;
            slot.capabilities = device->capabilities();
            log_devices().info("device " + slot.config.id + " ready: " + slot.identity.model +
                               " serial " + slot.identity.serial + " at " + slot.location);
            set_state(slot, DeviceState::ready, "");
            events_.publish("device.added", describe(slot));
        });
    });
}

void DeviceManager::mark_absent(Slot& slot, const std::string& reason)
{
    // An operation in flight is not cancelled: its transfer fails with
    // `disconnected` by itself, and its completion reports device_absent.
    ++slot.generation;
    slot.device.reset();
    slot.claimant.reset();
    set_state(slot, DeviceState::absent, reason);
    events_.publish("device.removed", {{"device", slot.config.id}, {"reason", reason}});
}

void DeviceManager::set_state(Slot& slot, DeviceState state, std::string reason)
{
    if (slot.state == state && slot.reason == reason)
        return;
    const auto previous = slot.state;
    slot.state = state;
    slot.reason = std::move(reason);
    if (log_devices().enabled(log::Level::debug))
        log_devices().debug(slot.config.id + ": " + std::string(to_string(previous)) + " -> " +
                            std::string(to_string(state)) +
                            (slot.reason.empty() ? "" : " (" + slot.reason + ")"));
    events_.publish("device.status", {{"device", slot.config.id},
                                      {"state", to_string(state)},
                                      {"reason", slot.reason},
                                      {"previous", to_string(previous)}});
}

DeviceManager::Slot& DeviceManager::slot(const std::string& id)
{
    return const_cast<Slot&>(std::as_const(*this).slot(id));
}

const DeviceManager::Slot& DeviceManager::slot(const std::string& id) const
{
    for (const auto& slot : slots_) {
        if (slot->config.id == id)
            return *slot;
    }
    throw DomainError(Fault::not_found, "no device \"" + id + "\"", {{"device", id}});
}

nlohmann::json DeviceManager::describe(const Slot& slot) const
{
    return {
        {"id", slot.config.id},
        {"class", drivers::to_string(slot.driver->device_class)},
        {"driver", slot.driver->name},
        {"state", to_string(slot.state)},
        {"reason", slot.reason},
        {"simulated", slot.simulated},
        {"location", slot.location},
        {"identity",
         {{"manufacturer", slot.identity.manufacturer},
          {"model", slot.identity.model},
          {"serial", slot.identity.serial},
          {"firmware", slot.identity.firmware}}},
        {"capabilities", slot.capabilities},
        {"claimed_by", slot.claimant ? nlohmann::json(*slot.claimant) : nlohmann::json(nullptr)},
    };
}

nlohmann::json DeviceManager::describe(const std::string& id) const
{
    return describe(slot(id));
}

nlohmann::json DeviceManager::list(std::optional<drivers::DeviceClass> filter) const
{
    auto devices = nlohmann::json::array();
    for (const auto& slot : slots_) {
        if (!filter || slot->driver->device_class == *filter)
            devices.push_back(describe(*slot));
    }
    return devices;
}

drivers::DeviceClass DeviceManager::device_class(const std::string& id) const
{
    return slot(id).driver->device_class;
}

std::string DeviceManager::first_of_class(drivers::DeviceClass device_class) const
{
    for (const auto& slot : slots_) {
        if (slot->driver->device_class == device_class)
            return slot->config.id;
    }
    throw DomainError(Fault::not_found,
                      "no " + std::string(drivers::to_string(device_class)) + " is configured",
                      {{"class", drivers::to_string(device_class)}});
}

std::string DeviceManager::location(const std::string& id) const
{
    return slot(id).location;
}

void DeviceManager::require_available(const Slot& target) const
{
    if (target.state == DeviceState::absent || !target.device)
        throw DomainError(Fault::device_absent, target.config.id + " is not connected",
                          {{"device", target.config.id}, {"reason", target.reason}});
    if (target.state == DeviceState::busy) {
        nlohmann::json details = {{"device", target.config.id}};
        if (target.claimant)
            details["claimed_by"] = *target.claimant;
        throw DomainError(Fault::device_busy, target.config.id + " is busy", details);
    }
}

std::stop_source DeviceManager::run(OperationRequest request)
{
    auto& target = slot(request.device_id);
    require_available(target);
    // Companions are claimed with the device, all or none, so a job across
    // devices (the printer and the encoder) never holds one while waiting
    // for another.
    std::vector<Slot*> companions;
    for (const auto& id : request.companion_ids) {
        auto& companion = slot(id);
        if (&companion == &target)
            continue;
        require_available(companion);
        companions.push_back(&companion);
    }

    std::stop_source stop;
    target.claimant = request.claimant;
    target.active = stop;
    set_state(target, DeviceState::busy, "");
    ++in_flight_;
    CompanionDevices companion_devices;
    std::vector<std::uint64_t> companion_generations;
    for (auto* companion : companions) {
        companion->claimant = request.claimant;
        companion->active = stop;
        set_state(*companion, DeviceState::busy, "");
        companion_devices.emplace(companion->config.id, companion->device);
        companion_generations.push_back(companion->generation);
    }

    const auto generation = target.generation;
    auto progress = [this, handler = request.on_progress](drivers::ProgressStage stage,
                                                          const nlohmann::json& data) {
        if (handler)
            boost::asio::post(io_, [handler, stage, data] { handler(stage, data); });
    };
    auto preview = [this, handler = request.on_preview](nlohmann::json meta,
                                                        std::vector<std::uint8_t> bytes) {
        if (handler)
            boost::asio::post(io_,
                              [handler, meta = std::move(meta),
                               image = SharedBytes(std::move(bytes))] { handler(meta, image); });
    };
    target.worker->post([this, &target, generation, stop, progress, preview, device = target.device,
                         deadline = std::chrono::steady_clock::now() + request.deadline,
                         work = std::move(request.work),
                         companion_work = std::move(request.companion_work),
                         companion_devices = std::move(companion_devices), companions,
                         companion_generations, done = std::move(request.on_done)] {
        drivers::OperationContext context(stop.get_token(), deadline, progress, preview);
        OperationOutcome outcome;
        std::optional<DeviceFailure> failure;
        std::optional<std::string> failed_companion;
        try {
            context.throw_if_cancelled();
            outcome = companion_work ? companion_work(*device, companion_devices, context)
                                     : work(*device, context);
        } catch (const CompanionFailure& e) {
            failure = e;
            failed_companion = e.device_id();
        } catch (const DeviceFailure& e) {
            failure = e;
        } catch (const DomainError& e) {
            outcome.error = e;
        } catch (const std::exception& e) {
            outcome.error = DomainError(Fault::internal, e.what(), {{"device", target.config.id}});
        }
        boost::asio::post(io_, [this, &target, generation, failure, failed_companion, done,
                                companions, companion_generations,
                                outcome = std::move(outcome)]() mutable {
            --in_flight_;
            const auto is_fault = [](const DeviceFailure& f) {
                return f.kind() == DeviceFailure::Kind::hardware ||
                       f.kind() == DeviceFailure::Kind::protocol;
            };
            // A companion's claim ends with the job; its state follows the
            // job only when the job failed because of it.
            for (std::size_t i = 0; i < companions.size(); ++i) {
                auto& companion = *companions[i];
                const bool blamed = failed_companion == companion.config.id;
                if (companion.generation != companion_generations[i]) {
                    if (blamed) // unplugged meanwhile: say so, as for the main device
                        outcome.error =
                            DomainError(Fault::device_absent,
                                        companion.config.id + " was unplugged during the operation",
                                        {{"device", companion.config.id}, {"reason", "unplugged"}});
                    continue;
                }
                companion.claimant.reset();
                companion.active.reset();
                if (blamed && is_fault(*failure))
                    set_state(companion, DeviceState::error, failure->reason());
                else if (companion.state == DeviceState::busy)
                    set_state(companion, DeviceState::ready, "");
            }
            const bool current = target.generation == generation;
            if (failure && failed_companion) {
                if (!outcome.error)
                    outcome.error = error_from_failure(*failure, *failed_companion);
                failure.reset(); // the main device did nothing wrong
            } else if (failure) {
                outcome.error = error_from_failure(*failure, target.config.id);
                if (!current)
                    outcome.error =
                        DomainError(Fault::device_absent,
                                    target.config.id + " was unplugged during the operation",
                                    {{"device", target.config.id}, {"reason", "unplugged"}});
            }
            if (current) {
                target.claimant.reset();
                target.active.reset();
                const bool faulty = failure && is_fault(*failure);
                if (faulty)
                    set_state(target, DeviceState::error, failure->reason());
                else if (outcome.device_fault)
                    set_state(target, DeviceState::error, *outcome.device_fault);
                else if (target.state != DeviceState::absent)
                    set_state(target, DeviceState::ready, "");
            }
            done(std::move(outcome));
        });
    });
    return stop;
}

void DeviceManager::cancel_all()
{
    for (auto& slot : slots_) {
        if (slot->active)
            slot->active->request_stop();
    }
}

} // namespace ktpel::daemon
