export const id = 134;
export const ids = [134];
export const modules = {

/***/ 6134:
/***/ ((__unused_webpack_module, __webpack_exports__, __webpack_require__) => {

/* harmony export */ __webpack_require__.d(__webpack_exports__, {
/* harmony export */   runAction: () => (/* binding */ runAction)
/* harmony export */ });
/* harmony import */ var _actions_core__WEBPACK_IMPORTED_MODULE_0__ = __webpack_require__(1755);
/* harmony import */ var _cli_main_js__WEBPACK_IMPORTED_MODULE_1__ = __webpack_require__(2172);
/* harmony import */ var _core_review_js__WEBPACK_IMPORTED_MODULE_2__ = __webpack_require__(6463);
/* harmony import */ var _render_markdown_js__WEBPACK_IMPORTED_MODULE_3__ = __webpack_require__(8973);
/* harmony import */ var _render_workflow_commands_js__WEBPACK_IMPORTED_MODULE_4__ = __webpack_require__(9206);
// The GitHub Action. Until the action issue lands, it reviews the checked-out configs with the CLI
// engine and reports through annotations and the job summary.





async function runAction() {
    try {
        const cwd = process.env.GITHUB_WORKSPACE ?? process.cwd();
        const settings = (0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .loadSettings */ .M5)(_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('config') || undefined, cwd);
        const failOn = (_actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getInput */ .V4('fail-on') || settings.failOn);
        const paths = _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .getMultilineInput */ .q3('paths');
        const report = (0,_core_review_js__WEBPACK_IMPORTED_MODULE_2__/* .review */ .NQ)((0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .readInputs */ .Ko)((0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .collectInputs */ .Cm)(paths, settings, cwd), undefined, cwd), { settings, toolVersion: _cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .VERSION */ .xv });
        for (const f of report.findings)
            process.stdout.write(`${(0,_render_workflow_commands_js__WEBPACK_IMPORTED_MODULE_4__/* .workflowCommand */ .N)(f)}\n`);
        await _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .summary */ .z.addRaw((0,_render_markdown_js__WEBPACK_IMPORTED_MODULE_3__/* .renderMarkdown */ .Gc)(report)).write();
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('errors', report.summary.errors);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('warnings', report.summary.warnings);
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setOutput */ .uH('files', report.summary.reviewed);
        if ((0,_cli_main_js__WEBPACK_IMPORTED_MODULE_1__/* .exitCodeFor */ .Rr)(report, failOn))
            _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`trainlint: ${report.summary.errors} error(s), ${report.summary.warnings} warning(s)`);
        return 0;
    }
    catch (err) {
        _actions_core__WEBPACK_IMPORTED_MODULE_0__/* .setFailed */ .C1(`trainlint: ${err instanceof Error ? err.message : String(err)}`);
        return 1;
    }
}


/***/ })

};
