// prettier for the module's JS and XML (views, data, QWeb templates), run by pre-commit.
// OCA's settings (oca-addons-repo-template, 18.0+), with two project choices: lines of 120
// characters, as ruff's line-length in pyproject.toml, and the 4-space indent that OCA's
// .editorconfig gives JS and XML.
// A .cjs file, as OCA's, because prettier 3 looks for a plugin named in a .yml or .json
// config from the current directory, while pre-commit installs it in its own node
// environment: require.resolve also searches NODE_PATH, which pre-commit sets.

/** @type {import('prettier').Config} */
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 120,
    proseWrap: "always",
    semi: true,
    tabWidth: 4,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
};

module.exports = config;
