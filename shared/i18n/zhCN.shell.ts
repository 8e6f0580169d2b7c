// Text the Electron main process shows itself: the window title, native dialogs, the system print dialog's outcome.
// Imports nothing, so main's small bundle stays small (the rest of the catalogue belongs to the core and renderer).
export const shellText = {
  productName: '入学报名帮办台',
  startFailed: '程序启动失败 / Failed to start: {error}',
  coreStopped: {
    message: '帮办台的后台处理进程意外停止',
    detail: '刚才的操作可能没有完成。点“重新启动后台”继续工作，启动后请核对刚才办理的内容；如反复出现，请联系技术支持。',
    restart: '重新启动后台',
    quit: '退出帮办台',
  },
  printCancelled: '已在系统打印对话框中取消',
  /** The loopback test transport's answer to a request body that is not JSON. */
  notJson: '请求不是合法的 JSON。',
};
