#include "model/pytorch_state_dict.h"

#include <caffe2/serialize/inline_container.h>

#include <cstring>
#include <functional>
#include <memory>
#include <unordered_map>
#include <vector>

#include "common/errors.h"

namespace hullft {
namespace {

const char* const kConvert =
    "; convert the folder to safetensors with transformers: "
    "AutoModel.from_pretrained(DIR).save_pretrained(DIR, safe_serialization=True)";

// One value on the unpickler's stack. Tuples, lists and dicts share their items, so a memoized
// dict filled later (SETITEMS after BINPUT) is the same dict wherever it was copied.
struct PickleValue {
    enum class Kind { None, Bool, Int, Float, String, Tuple, List, Dict, Global, Storage, Tensor };
    Kind kind = Kind::None;
    int64_t integer = 0;
    double number = 0.0;
    std::string text;                                 // String; Global "module.name"
    std::shared_ptr<std::vector<PickleValue>> items;  // Tuple, List; Dict as key, value, key, ...
    torch::Tensor tensor;                             // Storage (flat), Tensor
};

PickleValue valueOf(PickleValue::Kind kind) {
    PickleValue value;
    value.kind = kind;
    if (kind == PickleValue::Kind::Tuple || kind == PickleValue::Kind::List ||
        kind == PickleValue::Kind::Dict)
        value.items = std::make_shared<std::vector<PickleValue>>();
    return value;
}

// torch.save's storage classes and their element types.
const std::unordered_map<std::string, torch::ScalarType>& storageTypes() {
    static const std::unordered_map<std::string, torch::ScalarType> types = {
        {"torch.FloatStorage", torch::kFloat32},     {"torch.HalfStorage", torch::kFloat16},
        {"torch.BFloat16Storage", torch::kBFloat16}, {"torch.DoubleStorage", torch::kFloat64},
        {"torch.LongStorage", torch::kInt64},        {"torch.IntStorage", torch::kInt32},
        {"torch.ShortStorage", torch::kInt16},       {"torch.CharStorage", torch::kInt8},
        {"torch.ByteStorage", torch::kUInt8},        {"torch.BoolStorage", torch::kBool}};
    return types;
}

// The subset of Python's pickle machine that torch.save(state_dict) writes (protocols 2 to 4):
// an OrderedDict of tensors rebuilt by torch._utils._rebuild_tensor_v2 from storages the
// archive holds as data/<key>. No other callable is run; anything else is an InputError.
class StateDictUnpickler {
public:
    using StorageLoader =
        std::function<torch::Tensor(const std::string& key, torch::ScalarType type, int64_t numel)>;

    StateDictUnpickler(const std::string& pickle, StorageLoader loadStorage, std::string source)
        : data_(pickle), loadStorage_(std::move(loadStorage)), source_(std::move(source)) {}

    PickleValue run() {
        while (true) {
            const auto opcode = static_cast<unsigned char>(readBytes(1)[0]);
            if (opcode == '.') break;  // STOP
            step(opcode);
        }
        if (stack_.size() != 1) fail("the pickle leaves " + std::to_string(stack_.size()) + " values");
        return stack_.back();
    }

private:
    [[noreturn]] void fail(const std::string& problem) const {
        throw InputError(source_, "data.pkl: " + problem + kConvert);
    }

    std::string readBytes(size_t count) {
        if (count > data_.size() - position_) fail("ends early");
        std::string bytes = data_.substr(position_, count);
        position_ += count;
        return bytes;
    }

    uint64_t readUnsigned(size_t count) {
        const std::string bytes = readBytes(count);
        uint64_t value = 0;
        for (size_t i = 0; i < count; ++i)
            value |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[i])) << (8 * i);
        return value;
    }

    std::string readLine() {
        const size_t end = data_.find('\n', position_);
        if (end == std::string::npos) fail("ends inside a GLOBAL");
        std::string line = data_.substr(position_, end - position_);
        position_ = end + 1;
        return line;
    }

    PickleValue pop() {
        if (stack_.empty() || (!marks_.empty() && stack_.size() <= marks_.back()))
            fail("pops an empty stack");
        PickleValue value = std::move(stack_.back());
        stack_.pop_back();
        return value;
    }

    PickleValue& top() {
        if (stack_.empty()) fail("reads an empty stack");
        return stack_.back();
    }

    // The values since the last MARK, removed from the stack.
    std::vector<PickleValue> popToMark() {
        if (marks_.empty()) fail("has no MARK to pop to");
        std::vector<PickleValue> values(
            std::make_move_iterator(stack_.begin() + static_cast<std::ptrdiff_t>(marks_.back())),
            std::make_move_iterator(stack_.end()));
        stack_.resize(marks_.back());
        marks_.pop_back();
        return values;
    }

    void pushInteger(int64_t integer) {
        PickleValue value = valueOf(PickleValue::Kind::Int);
        value.integer = integer;
        stack_.push_back(value);
    }

    void pushTuple(std::vector<PickleValue> items) {
        PickleValue tuple = valueOf(PickleValue::Kind::Tuple);
        *tuple.items = std::move(items);
        stack_.push_back(tuple);
    }

    void setItems(std::vector<PickleValue> pairs) {
        PickleValue& dict = top();
        if (dict.kind != PickleValue::Kind::Dict || pairs.size() % 2 != 0)
            fail("sets items on something not a dict");
        for (PickleValue& item : pairs) dict.items->push_back(std::move(item));
    }

    void step(unsigned char opcode) {
        switch (opcode) {
            case 0x80:
                readBytes(1);
                return;  // PROTO
            case 0x95:
                readBytes(8);
                return;  // FRAME (protocol 4)
            case 'c': {  // GLOBAL
                PickleValue global = valueOf(PickleValue::Kind::Global);
                global.text = readLine();
                global.text += "." + readLine();
                stack_.push_back(global);
                return;
            }
            case 'q':
                memo_[readUnsigned(1)] = top();
                return;  // BINPUT
            case 'r':
                memo_[readUnsigned(4)] = top();
                return;  // LONG_BINPUT
            case 0x94:
                memo_[memo_.size()] = top();
                return;  // MEMOIZE
            case 'h':
                stack_.push_back(memoized(readUnsigned(1)));
                return;  // BINGET
            case 'j':
                stack_.push_back(memoized(readUnsigned(4)));
                return;  // LONG_BINGET
            case '(':
                marks_.push_back(stack_.size());
                return;  // MARK
            case ')':
                pushTuple({});
                return;  // EMPTY_TUPLE
            case 't':
                pushTuple(popToMark());
                return;  // TUPLE
            case 0x85:
            case 0x86:
            case 0x87: {  // TUPLE1, TUPLE2, TUPLE3
                std::vector<PickleValue> items(opcode - 0x84);
                for (auto item = items.rbegin(); item != items.rend(); ++item) *item = pop();
                pushTuple(std::move(items));
                return;
            }
            case '}':
                stack_.push_back(valueOf(PickleValue::Kind::Dict));
                return;  // EMPTY_DICT
            case ']':
                stack_.push_back(valueOf(PickleValue::Kind::List));
                return;  // EMPTY_LIST
            case 'N':
                stack_.push_back(valueOf(PickleValue::Kind::None));
                return;  // NONE
            case 0x88:
            case 0x89: {  // NEWTRUE, NEWFALSE
                PickleValue flag = valueOf(PickleValue::Kind::Bool);
                flag.integer = opcode == 0x88;
                stack_.push_back(flag);
                return;
            }
            case 'K':
                pushInteger(static_cast<int64_t>(readUnsigned(1)));
                return;  // BININT1
            case 'M':
                pushInteger(static_cast<int64_t>(readUnsigned(2)));
                return;  // BININT2
            case 'J':
                pushInteger(static_cast<int32_t>(readUnsigned(4)));
                return;   // BININT
            case 0x8a: {  // LONG1: little-endian two's complement
                const size_t count = readUnsigned(1);
                if (count > 8) fail("holds an integer wider than 64 bits");
                uint64_t value = count ? readUnsigned(count) : 0;
                if (count && count < 8 && (value >> (8 * count - 1)) & 1)
                    value |= ~uint64_t(0) << (8 * count);
                pushInteger(static_cast<int64_t>(value));
                return;
            }
            case 'G': {  // BINFLOAT, big-endian
                const std::string bytes = readBytes(8);
                uint64_t bits = 0;
                for (const char byte : bytes) bits = (bits << 8) | static_cast<unsigned char>(byte);
                PickleValue number = valueOf(PickleValue::Kind::Float);
                std::memcpy(&number.number, &bits, sizeof bits);
                stack_.push_back(number);
                return;
            }
            case 'X':
            case 0x8c: {  // BINUNICODE, SHORT_BINUNICODE
                PickleValue text = valueOf(PickleValue::Kind::String);
                text.text = readBytes(readUnsigned(opcode == 'X' ? 4 : 1));
                stack_.push_back(text);
                return;
            }
            case 's': {  // SETITEM
                PickleValue value = pop();
                PickleValue key = pop();
                setItems({key, value});
                return;
            }
            case 'u':
                setItems(popToMark());
                return;  // SETITEMS
            case 'a': {  // APPEND
                PickleValue item = pop();
                if (top().kind != PickleValue::Kind::List) fail("appends to something not a list");
                top().items->push_back(item);
                return;
            }
            case 'e': {  // APPENDS
                std::vector<PickleValue> items = popToMark();
                if (top().kind != PickleValue::Kind::List) fail("appends to something not a list");
                top().items->insert(top().items->end(), items.begin(), items.end());
                return;
            }
            case 'b': {  // BUILD: a state dict's _metadata
                pop();
                if (top().kind != PickleValue::Kind::Dict) fail("sets the state of something not a dict");
                return;
            }
            case 'Q':
                stack_.push_back(storage(pop()));
                return;  // BINPERSID
            case 'R': {  // REDUCE
                const PickleValue arguments = pop();
                const PickleValue callable = pop();
                stack_.push_back(call(callable, arguments));
                return;
            }
            default:
                fail("uses pickle opcode " + std::to_string(opcode) + ", which a state dict does not");
        }
    }

    PickleValue memoized(uint64_t index) {
        const auto found = memo_.find(index);
        if (found == memo_.end()) fail("reads memo " + std::to_string(index) + " before writing it");
        return found->second;
    }

    // ('storage', torch.FloatStorage, key, location, numel) -> the storage's elements.
    PickleValue storage(const PickleValue& id) {
        const std::vector<PickleValue>* items =
            id.kind == PickleValue::Kind::Tuple ? id.items.get() : nullptr;
        if (!items || items->size() != 5 || (*items)[0].text != "storage" ||
            (*items)[1].kind != PickleValue::Kind::Global || (*items)[2].kind != PickleValue::Kind::String ||
            (*items)[4].kind != PickleValue::Kind::Int || (*items)[4].integer < 0)
            fail("has a persistent id that is not a storage");
        const auto type = storageTypes().find((*items)[1].text);
        if (type == storageTypes().end()) fail("has a storage of type '" + (*items)[1].text + "'");
        PickleValue result = valueOf(PickleValue::Kind::Storage);
        result.tensor = loadStorage_((*items)[2].text, type->second, (*items)[4].integer);
        return result;
    }

    static bool isIntegerTuple(const PickleValue& value) {
        if (value.kind != PickleValue::Kind::Tuple) return false;
        for (const PickleValue& item : *value.items)
            if (item.kind != PickleValue::Kind::Int || item.integer < 0) return false;
        return true;
    }

    PickleValue call(const PickleValue& callable, const PickleValue& arguments) {
        if (callable.kind != PickleValue::Kind::Global || arguments.kind != PickleValue::Kind::Tuple)
            fail("calls something that is not a known function");
        const std::vector<PickleValue>& args = *arguments.items;
        if (callable.text == "collections.OrderedDict" && args.empty())
            return valueOf(PickleValue::Kind::Dict);
        if (callable.text == "torch._utils._rebuild_tensor_v2" && args.size() >= 4 &&
            args[0].kind == PickleValue::Kind::Storage && args[1].kind == PickleValue::Kind::Int &&
            isIntegerTuple(args[2]) && isIntegerTuple(args[3]) &&
            args[2].items->size() == args[3].items->size())
            return view(args[0].tensor, args[1].integer, *args[2].items, *args[3].items);
        if (callable.text == "torch._utils._rebuild_parameter" && !args.empty() &&
            args[0].kind == PickleValue::Kind::Tensor)
            return args[0];
        fail("calls '" + callable.text + "', which a state dict of tensors does not");
    }

    // storage.as_strided(size, stride, offset), after checking that every element lies inside.
    PickleValue view(const torch::Tensor& storage, int64_t offset, const std::vector<PickleValue>& size,
                     const std::vector<PickleValue>& stride) {
        std::vector<int64_t> sizes, strides;
        bool empty = false;
        for (size_t i = 0; i < size.size(); ++i) {
            sizes.push_back(size[i].integer);
            strides.push_back(stride[i].integer);
            empty = empty || size[i].integer == 0;
        }
        if (offset < 0 || (!empty && offset >= storage.numel()))
            fail("has a tensor that starts outside its storage");
        int64_t last = offset;  // the highest element the view reads
        for (size_t i = 0; i < sizes.size() && !empty; ++i) {
            if (sizes[i] < 2) continue;
            if (strides[i] > (storage.numel() - 1 - last) / (sizes[i] - 1))
                fail("has a tensor that reaches past its storage");
            last += (sizes[i] - 1) * strides[i];
        }
        PickleValue tensor = valueOf(PickleValue::Kind::Tensor);
        tensor.tensor =
            empty ? torch::empty(sizes, storage.options()) : storage.as_strided(sizes, strides, offset);
        return tensor;
    }

    const std::string& data_;
    size_t position_ = 0;
    std::vector<PickleValue> stack_;
    std::vector<size_t> marks_;
    std::unordered_map<uint64_t, PickleValue> memo_;
    StorageLoader loadStorage_;
    std::string source_;
};

std::string recordText(caffe2::serialize::PyTorchStreamReader& archive, const std::string& name) {
    const auto [data, size] = archive.getRecord(name);
    return std::string(static_cast<const char*>(data.get()), size);
}

}  // namespace

NamedTensors readPytorchStateDict(const std::string& path) {
    std::unique_ptr<caffe2::serialize::PyTorchStreamReader> archive;
    try {
        archive = std::make_unique<caffe2::serialize::PyTorchStreamReader>(path);
    } catch (const c10::Error&) {
        throw InputError(path,
                         std::string("is not a torch.save zip archive (PyTorch 1.6 or later)") + kConvert);
    }
    try {
        if (archive->hasRecord("byteorder") && recordText(*archive, "byteorder") != "little")
            throw InputError(path, std::string("stores big-endian tensors") + kConvert);
        const std::string pickle = recordText(*archive, "data.pkl");
        const auto loadStorage = [&](const std::string& key, torch::ScalarType type, int64_t numel) {
            const std::string record = "data/" + key;
            if (!archive->hasRecord(record))
                throw InputError(path, "storage '" + record + "' is missing" + kConvert);
            const auto [data, size] = archive->getRecord(record);
            const size_t elementSize = c10::elementSize(type);
            if (size % elementSize != 0 || size / elementSize != static_cast<size_t>(numel))
                throw InputError(path, "storage '" + record + "' has " + std::to_string(size) +
                                           " bytes, not " + std::to_string(numel) + " elements");
            return torch::from_blob(data.get(), {numel}, type).clone();
        };
        const PickleValue root = StateDictUnpickler(pickle, loadStorage, path).run();
        if (root.kind != PickleValue::Kind::Dict)
            throw InputError(path, std::string("does not hold a state dict") + kConvert);
        NamedTensors tensors;
        for (size_t i = 0; i < root.items->size(); i += 2) {
            const PickleValue& key = (*root.items)[i];
            const PickleValue& value = (*root.items)[i + 1];
            if (key.kind != PickleValue::Kind::String || value.kind != PickleValue::Kind::Tensor)
                throw InputError(path, std::string("holds an entry that is not a named tensor") + kConvert);
            torch::Tensor tensor = value.tensor.contiguous();
            tensors[key.text] = tensor.is_floating_point() ? tensor.to(torch::kFloat32) : tensor;
        }
        return tensors;
    } catch (const c10::Error&) {
        throw InputError(path, std::string("is not a readable torch.save archive") + kConvert);
    }
}

}  // namespace hullft
