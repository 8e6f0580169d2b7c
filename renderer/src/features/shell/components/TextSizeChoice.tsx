import { Flex, Segmented, Typography } from 'antd';
import { zhCN } from '../../../../../shared/i18n/zhCN';
import { TEXT_SIZES, useTextSizeStore, type TextSize } from '../../../app/textSize';

/** 文字大小 标准 / 大 / 特大 in the header, for every clerk; kept on this PC. */
export function TextSizeChoice() {
  const t = zhCN.ui.shell.header;
  const size = useTextSizeStore((s) => s.size);
  return (
    <Flex align="center" gap={6}>
      <Typography.Text type="secondary" id="text-size-label">
        {t.textSize}
      </Typography.Text>
      <Segmented<TextSize>
        size="small"
        value={size}
        onChange={(v) => useTextSizeStore.getState().setSize(v)}
        options={TEXT_SIZES.map((s) => ({ value: s, label: t.textSizes[s] }))}
        aria-labelledby="text-size-label"
        data-testid="text-size"
      />
    </Flex>
  );
}
