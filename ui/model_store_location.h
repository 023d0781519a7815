#pragma once

#include <QString>

namespace hullft::ui {

// The datastore a model opened in the workbench queries. Its embeddings must come from the same
// model, so each model folder gets its own store: <data>/stores/<folder name>-<8 hex digits of a
// hash of the folder's absolute path> (two folders with the same name stay apart).
QString modelStoreDirectory(const QString& model_directory);

// The folder as File > Recent models remembers it and modelStoreDirectory hashes it: absolute,
// symbolic links resolved when it exists, no trailing slash.
QString normalizedModelDirectory(const QString& model_directory);

}  // namespace hullft::ui
