#pragma once

// How events.h turns a FIELDS list into a struct and a field visitor. The visitor is what lets
// code that treats every field alike (the session codec, the audit log's fallback text) follow
// a new field without being edited.

namespace hullft {

// Whether sessions record an event kind or only live observers see it.
enum class EventRecording { Recorded, Transient };

// Each event's record kind and recording, from its line in HULLFT_PIPELINE_EVENTS.
template <typename Event>
struct EventTraits;

}  // namespace hullft

#define HULLFT_DECLARE_FIELD(type, name, initial) type name{initial};
#define HULLFT_VISIT_FIELD(type, name, initial) visit(#name, value.name);

// struct Struct with the listed fields, and forEachField(value, visit), which calls
// visit("name", value.name) for each field in order.
#define HULLFT_DEFINE_FIELDS_STRUCT(Struct, FIELDS)                  \
    struct Struct {                                                  \
        FIELDS(HULLFT_DECLARE_FIELD)                                 \
    };                                                               \
    template <typename Visitor>                                      \
    void forEachField(const Struct& value, Visitor&& visit) {        \
        FIELDS(HULLFT_VISIT_FIELD)                                   \
    }                                                                \
    template <typename Visitor>                                      \
    void forEachField(Struct& value, Visitor&& visit) {              \
        FIELDS(HULLFT_VISIT_FIELD)                                   \
    }

#define HULLFT_DEFINE_EVENT_STRUCT(Event, method, kindName, recording, FIELDS) \
    HULLFT_DEFINE_FIELDS_STRUCT(Event, FIELDS)                                \
    template <>                                                               \
    struct EventTraits<Event> {                                               \
        static constexpr const char* kind = kindName;                         \
        static constexpr EventRecording recording_rule = EventRecording::recording; \
    };
