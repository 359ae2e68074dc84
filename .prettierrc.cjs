// prettier for the module's JS and XML (views, data, QWeb templates), run by pre-commit.
// OCA's settings (oca-addons-repo-template, 18.0+), with two project choices: lines of 120
// characters, as ruff's line-length in pyproject.toml, and the 4-space indent that OCA's
// .editorconfig gives JS and XML.
// A .cjs file, as OCA's, because prettier 3 looks for a plugin named in a .yml or .json
// config from the current directory, while pre-commit installs it in its own node
// environment: require.resolve also searches NODE_PATH, which pre-commit sets.
// xmlWhitespaceSensitivity "strict": prettier then never adds or removes a space in text, so
// QWeb/OWL templates render the same after formatting ("preserve" dropped the space between a
// layaway's customer name and phone in the register's Layaways list). Checked by parsing every
// reformatted file before and after: same elements, attributes, text and tails.

/** @type {import('prettier').Config} */
const config = {
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 120,
    proseWrap: "always",
    semi: true,
    tabWidth: 4,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "strict",
};

module.exports = config;
