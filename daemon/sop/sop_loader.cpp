// SPDX-License-Identifier: Apache-2.0
#include "sop_loader.hpp"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "../config/config_error.hpp"
#include "../config/yaml_map_reader.hpp"
#include "evidence_kinds.hpp"
#include "sop_graph_check.hpp"
#include "standard_time.hpp"

namespace ktpel::sop {
namespace {

using config::ConfigError;
using config::fail_at;
using config::YamlMapReader;

// Step, role, outcome and skip ids end up in the register and in API
// calls: keep them to one spelling.
bool is_identifier(const std::string& text)
{
    return !text.empty() && text.front() >= 'a' && text.front() <= 'z' &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos;
}

// "ktp-el-tuntas": lower-case words joined by single hyphens.
bool is_sop_id(const std::string& text)
{
    return !text.empty() && text.front() != '-' && text.back() != '-' &&
           text.find("--") == std::string::npos &&
           text.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

// "2022-01" or "2022-01-31".
bool is_sop_date(const std::string& text)
{
    const auto digits = [&](std::size_t from, std::size_t count) {
        return text.substr(from, count).find_first_not_of("0123456789") == std::string::npos;
    };
    if ((text.size() != 7 && text.size() != 10) || !digits(0, 4) || text[4] != '-' || !digits(5, 2))
        return false;
    const int month = std::stoi(text.substr(5, 2));
    if (month < 1 || month > 12)
        return false;
    if (text.size() == 7)
        return true;
    if (text[7] != '-' || !digits(8, 2))
        return false;
    const int day = std::stoi(text.substr(8, 2));
    return day >= 1 && day <= 31;
}

template <typename Container, typename Name>
std::string joined(const Container& items, Name name)
{
    std::string list;
    for (const auto& item : items)
        list += (list.empty() ? "" : ", ") + name(item);
    return list;
}

// The YAML nodes a step's references came from, so that a problem found
// on the finished model can still be pointed at in the file.
struct StepNodes
{
    YAML::Node step;
    YAML::Node next;                      // undefined when the step has no `next`
    std::vector<YAML::Node> outcome_next; // one per outcome, undefined when it ends
};

class SopReader
{
public:
    SopReader(const std::string& file, const std::set<std::string>& known_operations)
        : file_(file), known_operations_(known_operations)
    {
    }

    Sop read(const YAML::Node& root)
    {
        if (!root || root.IsNull())
            throw ConfigError(file_, 1, 1, "the SOP file is empty");
        YamlMapReader reader(root, file_, "the SOP", {"id", "header", "roles", "steps"});
        sop_.source = file_;
        sop_.id = reader.string("id");
        if (!is_sop_id(sop_.id))
            reader.fail(root["id"], "SOP id \"" + sop_.id +
                                        "\" must be lower-case words joined by '-', e.g. "
                                        "\"ktp-el-tuntas\"");
        read_header(reader.required("header"));
        read_roles(reader);
        read_steps(reader);
        check_graph();
        return std::move(sop_);
    }

private:
    std::string date(const YamlMapReader& header, const std::string& key) const
    {
        const auto value = header.optional_string(key);
        if (value && !is_sop_date(*value))
            header.fail(header.mapping()[key],
                        "\"" + key +
                            "\" must be a month \"YYYY-MM\" or a day \"YYYY-MM-DD\", not \"" +
                            *value + "\"");
        return value.value_or("");
    }

    void read_header(const YAML::Node& node)
    {
        YamlMapReader reader(node, file_, "the header",
                             {"number", "name_id", "name_en", "issuer", "made", "revised",
                              "effective", "approved_by", "legal_basis", "qualifications",
                              "related", "equipment", "warnings", "record_keeping"});
        auto& header = sop_.header;
        header.number = reader.optional_string("number").value_or("");
        header.name_id = reader.string("name_id");
        header.name_en = reader.string("name_en");
        header.issuer = reader.string("issuer");
        header.made = date(reader, "made");
        header.revised = date(reader, "revised");
        header.effective = date(reader, "effective");
        header.approved_by = reader.optional_string("approved_by").value_or("");
        header.legal_basis = reader.strings("legal_basis");
        header.qualifications = reader.strings("qualifications");
        header.related = reader.strings("related");
        header.equipment = reader.strings("equipment");
        header.warnings = reader.strings("warnings");
        header.record_keeping = reader.optional_string("record_keeping").value_or("");
    }

    void read_roles(const YamlMapReader& root)
    {
        const auto list = root.required("roles");
        const auto items = root.items("roles");
        if (items.empty())
            root.fail(list, "an SOP needs at least one role");
        for (const auto& item : items) {
            YamlMapReader reader(item, file_, "a role",
                                 {"id", "title_id", "title_en", "applicant", "supervisor"});
            Role role;
            role.id = reader.string("id");
            if (!is_identifier(role.id))
                reader.fail(item["id"], "role id \"" + role.id +
                                            "\" must be a-z, 0-9 and '_', starting with a letter");
            if (sop_.find_role(role.id))
                reader.fail(item["id"], "duplicate role id \"" + role.id + "\"");
            role.title_id = reader.string("title_id");
            role.title_en = reader.string("title_en");
            role.applicant = reader.boolean("applicant", false);
            if (role.applicant && sop_.applicant_role())
                reader.fail(item["applicant"],
                            "role \"" + role.id + "\" is the applicant, but so is \"" +
                                sop_.applicant_role()->id + "\": an SOP serves one applicant");
            role.supervisor = reader.boolean("supervisor", false);
            if (role.supervisor && role.applicant)
                reader.fail(item["supervisor"],
                            "role \"" + role.id + "\" is the applicant: it cannot supervise");
            if (role.supervisor && sop_.supervisor_role())
                reader.fail(item["supervisor"],
                            "role \"" + role.id + "\" supervises, but so does \"" +
                                sop_.supervisor_role()->id + "\": an SOP has one supervisor");
            sop_.roles.push_back(std::move(role));
        }
    }

    // A role id in `key`, which must name one of the SOP's roles.
    std::optional<std::string> role_reference(const YamlMapReader& reader,
                                              const std::string& key) const
    {
        const auto role = reader.optional_string(key);
        if (role && !sop_.find_role(*role))
            reader.fail(reader.mapping()[key],
                        "unknown role \"" + *role + "\" in \"" + key + "\" (roles: " +
                            joined(sop_.roles, [](const Role& r) { return r.id; }) + ")");
        return role;
    }

    std::string step_identifier(const YamlMapReader& reader, const std::string& key,
                                const std::string& what) const
    {
        const auto id = reader.string(key);
        if (!is_identifier(id))
            reader.fail(reader.mapping()[key],
                        what + " \"" + id + "\" must be a-z, 0-9 and '_', starting with a letter");
        return id;
    }

    void read_steps(const YamlMapReader& root)
    {
        const auto list = root.required("steps");
        const auto items = root.items("steps");
        if (items.empty())
            root.fail(list, "an SOP needs at least one step");
        for (std::size_t i = 0; i < items.size(); ++i)
            read_step(items[i], i, items.size());
    }

    void read_step(const YAML::Node& node, std::size_t index, std::size_t count)
    {
        std::string what = "step " + std::to_string(index + 1);
        if (node.IsMap() && node["id"] && node["id"].IsScalar())
            what = "step \"" + node["id"].Scalar() + "\"";
        YamlMapReader reader(node, file_, what,
                             {"id", "number", "title_id", "title_en", "actor", "assisted_by",
                              "acknowledged_by", "acknowledgement_en", "standard_time",
                              "required_documents", "output", "permitted_operations", "decision",
                              "skip", "next", "evidence"});
        StepNodes nodes{node, {}, {}};
        Step step;
        step.id = step_identifier(reader, "id", "step id");
        if (sop_.find_step(step.id))
            reader.fail(node["id"], "duplicate step id \"" + step.id + "\"");
        step.number = reader.integer("number");
        const int expected_number = static_cast<int>(index) + 1;
        if (step.number != expected_number)
            reader.fail(node["number"], "step \"" + step.id + "\" is number " +
                                            std::to_string(step.number) + " but is listed as " +
                                            std::to_string(expected_number) +
                                            ": list the steps in SOP table order, numbered 1, 2, "
                                            "3...");
        step.title_id = reader.string("title_id");
        step.title_en = reader.string("title_en");
        step.actor = reader.string("actor");
        role_reference(reader, "actor");
        step.assisted_by = role_reference(reader, "assisted_by");
        if (step.assisted_by == step.actor)
            reader.fail(node["assisted_by"], "step \"" + step.id +
                                                 "\" is assisted by its own actor \"" + step.actor +
                                                 "\"");
        step.acknowledged_by = role_reference(reader, "acknowledged_by");
        if (step.acknowledged_by == step.actor)
            reader.fail(node["acknowledged_by"],
                        "step \"" + step.id + "\" hands over to its own actor \"" + step.actor +
                            "\": acknowledged_by must be the receiving role");
        step.acknowledgement_en = reader.optional_string("acknowledgement_en").value_or("");
        if (!step.acknowledgement_en.empty() && !step.acknowledged_by)
            reader.fail(node["acknowledgement_en"],
                        "\"acknowledgement_en\" needs \"acknowledged_by\" (who acknowledges)");
        read_standard_time(reader, step);
        read_documents(reader, step);
        read_output(reader, step);
        read_operations(reader, step);
        read_evidence(reader, step);
        if (reader.has("decision")) {
            if (reader.has("next"))
                reader.fail(node["next"], "step \"" + step.id +
                                              "\" has both \"decision\" and \"next\": its "
                                              "decision's outcomes say where the service goes");
            step.decision = read_decision(reader.required("decision"), step.id, nodes);
        }
        if (reader.has("skip")) {
            if (step.decision)
                reader.fail(node["skip"],
                            "step \"" + step.id +
                                "\" has both \"decision\" and \"skip\": a skipped "
                                "step continues to its \"next\", so it cannot decide");
            step.skip = read_skip(reader.required("skip"), step.id);
        }
        step.next = reader.optional_string("next");
        if (step.next)
            nodes.next = node["next"];
        if (!step.decision && !step.next && index + 1 != count)
            reader.fail(node, "step \"" + step.id +
                                  "\" has neither \"next\" nor \"decision\": only the last step "
                                  "ends the service without one");
        sop_.steps.push_back(std::move(step));
        step_nodes_.push_back(std::move(nodes));
    }

    void read_standard_time(const YamlMapReader& reader, Step& step) const
    {
        const auto text = reader.string("standard_time");
        try {
            step.standard_time = parse_standard_time(text);
        } catch (const InvalidStandardTime& e) {
            reader.fail(reader.mapping()["standard_time"], e.what());
        }
    }

    void read_documents(const YamlMapReader& reader, Step& step) const
    {
        for (const auto& item : reader.items("required_documents")) {
            YamlMapReader document(item, file_, "a required document of step \"" + step.id + "\"",
                                   {"title_id", "title_en"});
            step.required_documents.push_back(document.string("title_id"));
            step.required_documents_en.push_back(document.string("title_en"));
        }
    }

    void read_output(const YamlMapReader& reader, Step& step) const
    {
        if (!reader.has("output"))
            return;
        YamlMapReader output(reader.required("output"), file_,
                             "the output of step \"" + step.id + "\"", {"title_id", "title_en"});
        step.output = output.string("title_id");
        step.output_en = output.string("title_en");
    }

    void read_operations(const YamlMapReader& reader, Step& step) const
    {
        const auto items = reader.items("permitted_operations");
        const auto operations = reader.strings("permitted_operations");
        for (std::size_t i = 0; i < operations.size(); ++i) {
            const auto& operation = operations[i];
            if (!known_operations_.contains(operation))
                reader.fail(items[i],
                            "unknown device operation \"" + operation + "\" (known: " +
                                joined(known_operations_, [](const std::string& o) { return o; }) +
                                ")");
            if (std::find(step.permitted_operations.begin(), step.permitted_operations.end(),
                          operation) != step.permitted_operations.end())
                reader.fail(items[i], "operation \"" + operation + "\" is listed twice");
            step.permitted_operations.push_back(operation);
        }
    }

    // `evidence:` lists kind names (evidence_kinds.hpp), or maps
    // {declared: name, title_en: what the officer states}.
    void read_evidence(const YamlMapReader& reader, Step& step) const
    {
        for (const auto& item : reader.items("evidence")) {
            EvidenceRequirement requirement;
            if (item.IsScalar()) {
                requirement.kind = item.Scalar();
                if (requirement.kind == "declared" || !is_evidence_kind(requirement.kind)) {
                    std::string known;
                    for (const auto& kind : kEvidenceKinds)
                        if (kind.name != "declared")
                            known += (known.empty() ? "" : ", ") + std::string(kind.name);
                    fail_at(file_, item,
                            "unknown evidence \"" + requirement.kind + "\" in step \"" + step.id +
                                "\" (known: " + known +
                                "; or {declared: name, title_en: ...} for a value the officer "
                                "states)");
                }
            } else {
                YamlMapReader declared(item, file_,
                                       "a declared evidence of step \"" + step.id + "\"",
                                       {"declared", "title_en"});
                requirement.kind = "declared";
                requirement.declared = step_identifier(declared, "declared", "declared value");
                requirement.title_en = declared.string("title_en");
            }
            for (const auto& earlier : step.evidence)
                if (earlier.name() == requirement.name())
                    fail_at(file_, item, "evidence \"" + requirement.name() + "\" is listed twice");
            check_producible(item, step, requirement.kind);
            step.evidence.push_back(std::move(requirement));
        }
    }

    // Evidence the step could never gather would make it impossible to
    // complete: each kind needs the operation that records it, in the step
    // itself (a card: in this step or an earlier one).
    void check_producible(const YAML::Node& item, const Step& step, const std::string& kind) const
    {
        static const std::map<std::string, std::string> recorded_by{
            {"fingerprints", "fingerprint.capture"}, {"irises", "iris.capture"},
            {"face_photo", "camera.capture"},        {"signature", "signature.capture"},
            {"card_activated", "card.activate"},     {"card_issued", "card.issue"}};
        const auto it = recorded_by.find(kind);
        if (it == recorded_by.end())
            return;
        const auto permits = [&](const Step& candidate) {
            return std::find(candidate.permitted_operations.begin(),
                             candidate.permitted_operations.end(),
                             it->second) != candidate.permitted_operations.end();
        };
        bool producible = permits(step);
        if (kind == "card_issued")
            producible |= std::any_of(sop_.steps.begin(), sop_.steps.end(), permits);
        if (!producible)
            fail_at(file_, item,
                    "evidence \"" + kind + "\" of step \"" + step.id + "\" is recorded by " +
                        it->second + ", which " +
                        (kind == "card_issued" ? "neither this step nor an earlier one permits"
                                               : "the step does not permit"));
    }

    Decision read_decision(const YAML::Node& node, const std::string& step_id,
                           StepNodes& nodes) const
    {
        YamlMapReader reader(node, file_, "the decision of step \"" + step_id + "\"",
                             {"question_id", "question_en", "outcomes"});
        Decision decision;
        decision.question_id = reader.string("question_id");
        decision.question_en = reader.string("question_en");
        const auto list = reader.required("outcomes");
        const auto items = reader.items("outcomes");
        if (items.size() < 2)
            reader.fail(list, "the decision of step \"" + step_id +
                                  "\" needs at least two outcomes (it has " +
                                  std::to_string(items.size()) + ")");
        for (const auto& item : items) {
            auto outcome = read_outcome(item, step_id);
            for (const auto& earlier : decision.outcomes)
                if (earlier.id == outcome.id)
                    reader.fail(item["id"], "duplicate outcome id \"" + outcome.id +
                                                "\" in the decision of step \"" + step_id + "\"");
            nodes.outcome_next.push_back(outcome.next_step ? item["next"] : YAML::Node{});
            decision.outcomes.push_back(std::move(outcome));
        }
        return decision;
    }

    Outcome read_outcome(const YAML::Node& node, const std::string& step_id) const
    {
        YamlMapReader reader(
            node, file_, "an outcome of step \"" + step_id + "\"",
            {"id", "title_id", "title_en", "next", "end_state", "requires_reason"});
        Outcome outcome;
        outcome.id = step_identifier(reader, "id", "outcome id");
        outcome.title_id = reader.string("title_id");
        outcome.title_en = reader.string("title_en");
        outcome.next_step = reader.optional_string("next");
        const auto end_state = reader.optional_string("end_state");
        if (outcome.next_step && end_state)
            reader.fail(node["end_state"], "outcome \"" + outcome.id +
                                               "\" has both \"next\" and \"end_state\": it either "
                                               "leads to a step or ends the service");
        if (!outcome.next_step && !end_state)
            reader.fail(node, "outcome \"" + outcome.id +
                                  "\" needs \"next\" (the step it leads to) or \"end_state\" (how "
                                  "it ends the service)");
        if (end_state && !is_identifier(*end_state))
            reader.fail(node["end_state"], "end_state \"" + *end_state +
                                               "\" must be a-z, 0-9 and '_', starting with a "
                                               "letter");
        outcome.end_state = end_state.value_or("");
        outcome.requires_reason = reader.boolean("requires_reason", false);
        return outcome;
    }

    SkipCondition read_skip(const YAML::Node& node, const std::string& step_id) const
    {
        YamlMapReader reader(node, file_, "the skip condition of step \"" + step_id + "\"",
                             {"id", "description_en"});
        SkipCondition skip;
        skip.id = step_identifier(reader, "id", "skip condition id");
        skip.description_en = reader.string("description_en");
        return skip;
    }

    void check_graph() const
    {
        const auto problem = find_graph_problem(sop_);
        if (!problem)
            return;
        const auto& nodes = step_nodes_.at(problem->step_index);
        switch (problem->place) {
        case GraphProblem::Place::step:
            fail_at(file_, nodes.step, problem->message);
        case GraphProblem::Place::step_next:
            fail_at(file_, nodes.next, problem->message);
        case GraphProblem::Place::outcome_next:
            fail_at(file_, nodes.outcome_next.at(problem->outcome_index), problem->message);
        }
        fail_at(file_, nodes.step, problem->message);
    }

    const std::string& file_;
    const std::set<std::string>& known_operations_;
    Sop sop_;
    std::vector<StepNodes> step_nodes_; // parallel to sop_.steps
};

} // namespace

Sop parse_sop(const std::string& text, const std::string& source_name,
              const std::set<std::string>& known_operations)
{
    YAML::Node root;
    try {
        root = YAML::Load(text);
    } catch (const YAML::ParserException& e) {
        throw ConfigError(source_name, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
    try {
        return SopReader(source_name, known_operations).read(root);
    } catch (const YAML::Exception& e) {
        // A conversion yaml-cpp itself refused.
        throw ConfigError(source_name, e.mark.line + 1, e.mark.column + 1, e.msg);
    }
}

Sop load_sop(const std::string& path, const std::set<std::string>& known_operations)
{
    std::ifstream in(path, std::ios::binary);
    if (!in)
        throw ConfigError(path, 0, 0, "cannot open the SOP file");
    std::stringstream text;
    text << in.rdbuf();
    return parse_sop(text.str(), path, known_operations);
}

} // namespace ktpel::sop
