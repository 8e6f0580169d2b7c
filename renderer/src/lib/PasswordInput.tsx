import type { Ref } from 'react';
import { Input, type InputRef } from 'antd';
import type { PasswordProps } from 'antd/es/input';

/**
 * antd's password field with the show/hide eye kept out of the Tab order, so Tab goes from field
 * to field at the counter. The eye still works with the mouse.
 */
export function PasswordInput(props: PasswordProps & { ref?: Ref<InputRef> }) {
  return <Input.Password visibilityToggle={{ tabIndex: -1 }} {...props} />;
}
